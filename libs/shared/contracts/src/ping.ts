import { z } from 'zod';
import { method } from './define-contract';

/**
 * `ping`: every service contract includes it. The gateway's readiness check calls it, so "ready"
 * means "reachable over the same RPC path real traffic uses", not just "process is up".
 */
export const pingMethod = method({
  request: z.strictObject({}),
  response: z.object({
    service: z.string(),
    instanceId: z.string(),
    version: z.string(),
    uptimeMs: z.number(),
  }),
  idempotent: true,
});

/** The reply to `ping`. */
export type PingResponse = z.output<typeof pingMethod.response>;
