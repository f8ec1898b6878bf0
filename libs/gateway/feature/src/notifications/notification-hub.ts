import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { type Notification, PushNotified } from '@newsreel/push-contracts';
import { PLATFORM_CONFIG, type PlatformConfig } from '@newsreel/shared-config';
import { LOGGER, type Logger } from '@newsreel/shared-logging';
import { EventStream, type EventStreamSubscription } from '@newsreel/shared-messaging';
import { SessionRevocations } from '../auth/session-revocations';
import { UserDirectory, type UserView } from '../users/user-directory';

/** A notification as the public API shows it. */
export interface NotificationView {
  id: string;
  type: Notification['type'];
  actor: UserView;
  videoId?: string;
  commentId?: string;
  createdAt: string;
  read: boolean;
}

/** Shapes a push-service notification for clients (absent ids are left out, not null). */
export function toNotificationView(notification: Notification, actor: UserView): NotificationView {
  return {
    id: notification.id,
    type: notification.type,
    actor,
    ...(notification.videoId ? { videoId: notification.videoId } : {}),
    ...(notification.commentId ? { commentId: notification.commentId } : {}),
    createdAt: notification.createdAt,
    read: notification.read,
  };
}

type Listener = (notification: NotificationView) => void;

/** Why {@link NotificationHub.connect} refused a stream. */
export class StreamLimitError extends Error {
  constructor(
    /** `user` and `ip` are the client's own caps (429); `total` is this instance's (503). */
    readonly scope: 'user' | 'ip' | 'total',
    readonly limit: number,
  ) {
    super(
      scope === 'user'
        ? `Too many open notification streams for this user (at most ${limit})`
        : scope === 'ip'
          ? `Too many open notification streams from this address (at most ${limit})`
          : 'Too many open notification streams on this server; try again later',
    );
    this.name = 'StreamLimitError';
  }
}

/**
 * Live delivery: every gateway instance consumes `push.notified.v1` in a consumer group of its
 * own (so each instance sees every notification) and forwards each one to the streams its
 * users have open on this instance. Whichever gateway holds a user's stream delivers to it.
 */
@Injectable()
export class NotificationHub implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly closers = new Set<() => void>();
  private readonly perIp = new Map<string, number>();
  private readonly bySession = new Map<string, Set<() => void>>();
  private subscription?: EventStreamSubscription;

  constructor(
    private readonly stream: EventStream,
    private readonly users: UserDirectory,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    revocations: SessionRevocations,
  ) {
    // A session that ends (logout, token reuse) loses its open streams too.
    revocations.onRevoked((sessionId) => {
      for (const close of [...(this.bySession.get(sessionId) ?? [])]) close();
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await this.stream.subscribe({
      event: PushNotified,
      groupId: `gateway-${this.config.instanceId ?? 'gateway'}`,
      fromBeginning: false,
      // Not ready until the consumer has joined: a notification before that would be missed.
      // Joining does not hold up start-up; readiness reports it instead.
      readiness: 'notifications',
      handler: (notification) => this.deliver(notification),
    });
  }

  /**
   * Registers a stream of `userId` opened from `clientIp`; returns the function that unregisters
   * it. Each stream holds a socket, so streams are capped per user, per address and in total
   * (`notifications.*`, hot): over a cap the new stream is refused with {@link StreamLimitError}
   * and the open ones stay (closing the oldest instead would make two tabs of one browser take
   * turns, each reconnecting and closing the other).
   */
  connect(
    userId: string,
    clientIp: string,
    listener: Listener,
    close: () => void,
    sessionId?: string,
  ): () => void {
    const { maxStreamsPerUser, maxStreamsPerIp, maxStreams } = this.config.notifications;
    const set = this.listeners.get(userId) ?? new Set<Listener>();
    if (set.size >= maxStreamsPerUser) throw new StreamLimitError('user', maxStreamsPerUser);
    const fromIp = this.perIp.get(clientIp) ?? 0;
    if (fromIp >= maxStreamsPerIp) throw new StreamLimitError('ip', maxStreamsPerIp);
    if (this.closers.size >= maxStreams) throw new StreamLimitError('total', maxStreams);
    set.add(listener);
    this.listeners.set(userId, set);
    this.closers.add(close);
    this.perIp.set(clientIp, fromIp + 1);
    if (sessionId !== undefined) {
      const streams = this.bySession.get(sessionId) ?? new Set<() => void>();
      streams.add(close);
      this.bySession.set(sessionId, streams);
    }
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(userId);
      this.closers.delete(close);
      const left = (this.perIp.get(clientIp) ?? 1) - 1;
      if (left > 0) this.perIp.set(clientIp, left);
      else this.perIp.delete(clientIp);
      if (sessionId !== undefined) {
        const streams = this.bySession.get(sessionId);
        streams?.delete(close);
        if (streams?.size === 0) this.bySession.delete(sessionId);
      }
    };
  }

  /** Open streams on this instance (for logs and, later, metrics). */
  get openStreams(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Open streams would hold the HTTP server open until the shutdown deadline: end them.
    for (const close of [...this.closers]) close();
    await this.subscription?.stop();
  }

  private async deliver(notification: Notification): Promise<void> {
    const listeners = this.listeners.get(notification.userId);
    if (!listeners?.size) return;
    const actorOf = await this.users.lookup([notification.actorId]);
    const view = toNotificationView(notification, actorOf(notification.actorId));
    for (const listener of listeners) {
      try {
        listener(view);
      } catch (error) {
        this.logger.warn({ err: error }, 'could not write to a notification stream');
      }
    }
  }
}
