import { BACKEND_SERVICES, type PlatformConfig } from '@newsreel/shared-config';
import type { InstanceRegistration, InstancesByService, ServiceInstance } from './service-instance';
import { ALL_SERVICES, type RegistryListener, type ServiceRegistry } from './service-registry.port';

/**
 * The instances configuration names: one per service at `services.<name>` (a backend's RPC port,
 * the gateway's HTTP port). Their id is `<service>@<host>:<port>`; the version is `unknown`
 * (configuration does not say what runs there), colour blue, weight 100.
 */
export function staticInstances(config: PlatformConfig): InstancesByService {
  const epoch = new Date(0).toISOString();
  const make = (
    service: string,
    host: string,
    port: number,
    protocol: ServiceInstance['protocol'],
    metadata: ServiceInstance['metadata'],
  ): ServiceInstance => ({
    service,
    instanceId: `${service}@${host}:${port}`,
    host,
    port,
    protocol,
    version: 'unknown',
    colour: 'blue',
    weight: 100,
    startedAt: epoch,
    lastHeartbeat: epoch,
    metadata,
  });
  const { gateway } = config.services;
  const result: InstancesByService = {
    gateway: [make('gateway', gateway.host, gateway.httpPort, 'http', {})],
  };
  for (const name of BACKEND_SERVICES) {
    const s = config.services[name];
    result[name] = [make(name, s.host, s.rpcPort, 'newsreel-tcp', { httpPort: s.httpPort })];
  }
  return result;
}

/**
 * Stage 1 "direct connect": the addresses in configuration are the registry. Registering and
 * deregistering do nothing, the lists never change and reads never fail.
 */
export class StaticRegistry implements ServiceRegistry {
  readonly kind = 'static' as const;
  readonly description = 'static registry (services.* in configuration)';

  constructor(private readonly instances: InstancesByService) {}

  register(_instance: InstanceRegistration): Promise<void> {
    return Promise.resolve();
  }

  heartbeat(_instance: InstanceRegistration): Promise<void> {
    return Promise.resolve();
  }

  deregister(_instance: Pick<ServiceInstance, 'service' | 'instanceId'>): Promise<void> {
    return Promise.resolve();
  }

  list(service: string): Promise<ServiceInstance[]> {
    return Promise.resolve([...(this.instances[service] ?? [])]);
  }

  listAll(): Promise<InstancesByService> {
    return Promise.resolve(
      Object.fromEntries(Object.entries(this.instances).map(([k, v]) => [k, [...v]])),
    );
  }

  watch(service: string, listener: RegistryListener): () => void {
    // Nothing ever changes: one answer, delivered asynchronously like every other adapter's.
    const timer = setImmediate(() => {
      const services =
        service === ALL_SERVICES ? this.instances : { [service]: this.instances[service] ?? [] };
      listener({ type: 'instances', services });
    });
    return () => clearImmediate(timer);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
