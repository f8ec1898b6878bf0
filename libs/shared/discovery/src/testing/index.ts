import type { InstanceRegistration, ServiceInstance } from '../service-instance';

const FIXED_TIME = '2026-01-01T00:00:00.000Z';

/**
 * A valid registration for tests: `video-2` registers service `video` (the id without its
 * number) on 127.0.0.1:`port`; `overrides` change any field.
 */
export function testRegistration(
  instanceId: string,
  port: number,
  overrides: Partial<InstanceRegistration> = {},
): InstanceRegistration {
  return {
    service: instanceId.replace(/-\d+$/, ''),
    instanceId,
    host: '127.0.0.1',
    port,
    protocol: 'newsreel-tcp',
    version: '0.1.0',
    colour: 'blue',
    weight: 100,
    startedAt: new Date().toISOString(),
    metadata: {},
    ...overrides,
  };
}

/** An instance as a registry lists it (fixed start and heartbeat times), for tests. */
export function testInstance(
  instanceId: string,
  port: number,
  overrides: Partial<ServiceInstance> = {},
): ServiceInstance {
  return {
    ...testRegistration(instanceId, port),
    startedAt: FIXED_TIME,
    lastHeartbeat: FIXED_TIME,
    ...overrides,
  };
}
