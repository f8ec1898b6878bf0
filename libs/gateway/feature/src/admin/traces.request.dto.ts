import { z } from 'zod';

/** `GET /api/v1/admin/traces?service=&minDurationMs=&limit=`. */
export const TraceListQuery = z.strictObject({
  /** Only traces with a span of this service (`like`, `gateway`...). */
  service: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a service name (letters, digits, _ . -)')
    .optional(),
  /** Only traces at least this long. */
  minDurationMs: z.coerce.number().min(0).max(3_600_000).optional(),
  /** How many traces, newest first. */
  limit: z.coerce.number().int().min(1).max(200).default(20),
});

/** A W3C trace id: 32 hex digits (any case). */
export const TraceIdParam = z
  .string()
  .regex(/^[0-9a-fA-F]{32}$/, 'traceId must be 32 hex digits (as in the traceparent header)');
