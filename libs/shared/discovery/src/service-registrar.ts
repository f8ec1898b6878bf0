import type { DiscoveryLogger } from './service-directory';
import { type InstanceRegistration, instanceRegistrationSchema } from './service-instance';
import type { ServiceRegistry } from './service-registry.port';

/** Who this process is, as far as the registry is concerned (everything but its address). */
export interface RegistrarIdentity {
  service: string;
  instanceId: string;
  version: string;
  colour: InstanceRegistration['colour'];
  weight: number;
}

/** Options of {@link ServiceRegistrar}. */
export interface ServiceRegistrarOptions {
  registry: ServiceRegistry;
  identity: RegistrarIdentity;
  logger: DiscoveryLogger;
  /** How often the registration is renewed (`discovery.heartbeatMs`). */
  heartbeatMs: number;
  /** The TTL the registry applies (`discovery.ttlMs`), to warn about a heartbeat slower than it. */
  ttlMs: number;
  /** How long {@link ServiceRegistrar.stop} may spend deregistering; default 1000 ms. */
  deregisterTimeoutMs?: number;
}

/** Where this process can be reached, given to {@link ServiceRegistrar.start} once it listens. */
export interface RegistrarEndpoint {
  host: string;
  port: number;
  protocol: InstanceRegistration['protocol'];
  metadata?: InstanceRegistration['metadata'];
}

/**
 * This process's own registration: `start()` registers it (once it listens), a heartbeat renews
 * it every `heartbeatMs`, `stop()` deregisters it (first thing on graceful shutdown). A crash
 * leaves the record to expire with its TTL.
 *
 * A registry that is down does not stop the process: registering is retried by every heartbeat
 * (a heartbeat rewrites the whole record), so the instance appears as soon as the registry is
 * back. The failure and the recovery are logged once each.
 */
export class ServiceRegistrar {
  private registration?: InstanceRegistration;
  private timer?: NodeJS.Timeout;
  private inflight?: Promise<void>;
  private failing = false;
  private stopped = false;

  constructor(private readonly options: ServiceRegistrarOptions) {}

  /** What is registered (after {@link start}). */
  get current(): InstanceRegistration | undefined {
    return this.registration;
  }

  /**
   * Registers this process at `endpoint` and starts the heartbeat. Throws only for an invalid
   * registration (a bad instance id is a configuration error); registry errors are logged.
   */
  async start(endpoint: RegistrarEndpoint): Promise<void> {
    const { identity, heartbeatMs, ttlMs, logger, registry } = this.options;
    if (this.registration) return;
    const parsed = instanceRegistrationSchema.safeParse({
      ...identity,
      host: endpoint.host,
      port: endpoint.port,
      protocol: endpoint.protocol,
      metadata: endpoint.metadata ?? {},
      startedAt: new Date(Date.now() - Math.round(process.uptime() * 1000)).toISOString(),
    });
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
      throw new Error(
        `Cannot register ${identity.service} instance "${identity.instanceId}": ${problems.join('; ')}`,
      );
    }
    const registration = parsed.data;
    this.registration = registration;
    if (heartbeatMs * 2 > ttlMs) {
      logger.warn(
        { heartbeatMs, ttlMs },
        'discovery.heartbeatMs is more than half of discovery.ttlMs: one late heartbeat drops this instance',
      );
    }
    if (registry.kind === 'static') return;
    await this.renew(() => registry.register(registration), 'registered');
    this.schedule();
  }

  /** Stops the heartbeat and deregisters (bounded by `deregisterTimeoutMs`); never throws. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    const registration = this.registration;
    if (!registration || this.options.registry.kind === 'static') return;
    // A heartbeat still in flight would write the record back after we delete it.
    await this.inflight?.catch(() => undefined);
    const timeoutMs = this.options.deregisterTimeoutMs ?? 1000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.options.registry.deregister(registration),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
      this.options.logger.info(
        { instanceId: registration.instanceId, registry: this.options.registry.description },
        'deregistered from the service registry',
      );
    } catch (error) {
      this.options.logger.warn(
        { err: error, instanceId: registration.instanceId },
        'could not deregister; the record expires with its TTL',
      );
    } finally {
      clearTimeout(timer);
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      const registration = this.registration;
      if (!registration || this.stopped) return;
      void this.renew(() => this.options.registry.heartbeat(registration), 'renewed').finally(() =>
        this.schedule(),
      );
    }, this.options.heartbeatMs);
    this.timer.unref();
  }

  private async renew(write: () => Promise<void>, what: 'registered' | 'renewed'): Promise<void> {
    const { logger, registry } = this.options;
    const registration = this.registration!;
    const attempt = write();
    this.inflight = attempt;
    try {
      await attempt;
      if (what === 'registered') {
        logger.info(
          { registry: registry.description, instance: registration },
          `registered ${registration.instanceId} at ${registration.host}:${registration.port}`,
        );
      } else if (this.failing) {
        logger.info(
          { registry: registry.description },
          'registration restored in the service registry',
        );
      }
      this.failing = false;
    } catch (error) {
      if (!this.failing) {
        this.failing = true;
        logger.warn(
          { registry: registry.description, error: (error as Error).message },
          what === 'registered'
            ? 'could not register with the service registry; retrying with every heartbeat'
            : 'heartbeat to the service registry failed; retrying',
        );
      }
    } finally {
      if (this.inflight === attempt) this.inflight = undefined;
    }
  }
}
