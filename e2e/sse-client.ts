/** One server-sent event as a test sees it. */
export interface SseEvent {
  id?: string;
  event: string;
  data: any;
  /** `performance.now()` when it arrived. */
  receivedAt: number;
}

/**
 * A minimal EventSource over fetch (Node has no EventSource): collects events, lets a test wait
 * for one that matches, and records arrival times so latency can be asserted.
 */
export async function openEventStream(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: controller.signal,
  });
  const events: SseEvent[] = [];
  const waiters: Array<{ match: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }> = [];
  let comments = 0;
  let markEnded!: () => void;
  /** Resolves when the server ends the stream (not when the client closes it). */
  const ended = new Promise<void>((resolve) => (markEnded = resolve));
  if (res.ok && res.body) {
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) {
            markEnded();
            return;
          }
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event: SseEvent = {
              event: 'message',
              data: undefined,
              receivedAt: performance.now(),
            };
            let data = '';
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) comments++;
              else if (line.startsWith('event: ')) event.event = line.slice(7);
              else if (line.startsWith('id: ')) event.id = line.slice(4);
              else if (line.startsWith('data: ')) data += line.slice(6);
            }
            if (!data) continue;
            event.data = JSON.parse(data);
            events.push(event);
            for (const waiter of waiters.filter((w) => w.match(event))) {
              waiters.splice(waiters.indexOf(waiter), 1);
              waiter.resolve(event);
            }
          }
        }
      } catch {
        // aborted
      }
    })();
  }
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    events,
    comments: () => comments,
    ended,
    /** Resolves with the first event (already received or future) that matches. */
    next(match: (e: SseEvent) => boolean, timeoutMs = 5000): Promise<SseEvent> {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `no matching event within ${timeoutMs} ms; received: ${JSON.stringify(events.map((e) => [e.event, e.data?.type]))}`,
              ),
            ),
          timeoutMs,
        );
        waiters.push({ match, resolve: (e) => (clearTimeout(timer), resolve(e)) });
      });
    },
    close: () => controller.abort(),
  };
}
