import { createServer } from 'node:net';

/** One port the platform will bind, with the setting that moves it. */
export interface PlannedPort {
  port: number;
  host: string;
  owner: string;
  setting: string;
}

/** Thrown before anything starts when a planned port is taken. */
export class PortInUseError extends Error {
  constructor(readonly planned: PlannedPort) {
    super(
      `Port ${planned.port} (${planned.owner}) on ${planned.host} is already in use. ` +
        `Stop whatever holds it (is Newsreel already running?) or move it: ${planned.setting}=<port> npm start`,
    );
    this.name = 'PortInUseError';
  }
}

function probe(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Checks every planned port up front so a clash is one clear message, not a half-started platform. */
export async function assertPortsFree(ports: PlannedPort[]): Promise<void> {
  for (const planned of ports) {
    if (planned.port === 0) continue;
    if (!(await probe(planned.port, planned.host))) throw new PortInUseError(planned);
  }
}
