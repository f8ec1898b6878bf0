import { z } from 'zod';

/** Release colour of an instance; blue/green routing filters on it. */
export type ReleaseColour = 'blue' | 'green';

/** What an instance serves: the internal RPC transport, or plain HTTP (the gateway). */
export type InstanceProtocol = 'newsreel-tcp' | 'http';

/**
 * One running process of a service, as the registry holds it. Callers balance over these and
 * connect to `host:port` with `protocol`.
 */
export interface ServiceInstance {
  /** The deployable (`video`, `gateway`). */
  service: string;
  /** Unique among the service's instances (`video-2`); the process's `instanceId` setting. */
  instanceId: string;
  /** Where peers reach it: the advertised host (`services.<name>.host`), never a bind-all address. */
  host: string;
  /** The port serving `protocol`: the RPC port of a backend, the HTTP port of the gateway. */
  port: number;
  protocol: InstanceProtocol;
  /** The release the process runs (the platform version). */
  version: string;
  colour: ReleaseColour;
  /** Relative share of calls under the weighted balancer (1 to 1000). */
  weight: number;
  /** When the process started (ISO 8601). */
  startedAt: string;
  /** When the registry last stored a heartbeat of this instance (ISO 8601, the writer's clock). */
  lastHeartbeat: string;
  /** Small extra facts, e.g. `{ httpPort: 3102 }` (health and metrics of a backend). */
  metadata: Record<string, string | number | boolean>;
}

/** What a process registers: the registry adds `lastHeartbeat` each time it stores the record. */
export type InstanceRegistration = Omit<ServiceInstance, 'lastHeartbeat'>;

/** A `service` name: lower-case, also used as a directory name and inside Redis keys. */
export const SERVICE_NAME_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;
/** An `instanceId`: safe as a file name and a Redis key part. */
export const INSTANCE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@:-]{0,127}$/;

/** Validates a registration before it is written (a bad instance id is a configuration error). */
export const instanceRegistrationSchema = z.strictObject({
  service: z.string().regex(SERVICE_NAME_PATTERN, 'lower-case letters, digits and dashes'),
  instanceId: z
    .string()
    .regex(INSTANCE_ID_PATTERN, 'letters, digits and . _ @ : - (at most 128 characters)'),
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535),
  protocol: z.enum(['newsreel-tcp', 'http']),
  version: z.string().min(1).max(64),
  colour: z.enum(['blue', 'green']),
  weight: z.number().int().min(1).max(1000),
  startedAt: z.iso.datetime(),
  metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});

/** Validates a record read back from a registry (anything else there is ignored, not trusted). */
export const serviceInstanceSchema = instanceRegistrationSchema.extend({
  lastHeartbeat: z.iso.datetime(),
});

/** Instances of several services, by service name. */
export type InstancesByService = Record<string, ServiceInstance[]>;

/**
 * What identifies an instance as a call target: id, address and routing facts, but not its
 * heartbeat time. Two lists with the same membership key are the same for callers.
 */
export function membershipKey(instances: readonly ServiceInstance[]): string {
  return instances
    .map((i) =>
      JSON.stringify([
        i.instanceId,
        i.host,
        i.port,
        i.protocol,
        i.version,
        i.colour,
        i.weight,
        i.startedAt,
        i.metadata,
      ]),
    )
    .sort()
    .join('\n');
}

/** Instances sorted by id, so every reader and balancer sees the same order. */
export function sortInstances<T extends { instanceId: string }>(instances: readonly T[]): T[] {
  return [...instances].sort((a, b) =>
    a.instanceId < b.instanceId ? -1 : a.instanceId > b.instanceId ? 1 : 0,
  );
}
