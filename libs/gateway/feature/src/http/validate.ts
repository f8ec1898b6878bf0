import type { z } from 'zod';
import { ApiError } from './api-error';

/**
 * Validates client input at the edge: 400 with one detail per bad field, unknown fields
 * refused (the schemas are strict). Services validate again at their RPC boundary.
 */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where = 'body',
): z.output<S> {
  if (value === undefined && where === 'body')
    throw new ApiError(400, 'Request body is required (JSON)');
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message:
      issue.code === 'unrecognized_keys'
        ? `unknown field(s): ${issue.keys.join(', ')}`
        : issue.message,
  }));
  const first = details[0];
  const summary = first.path ? `${first.path}: ${first.message}` : first.message;
  throw new ApiError(400, `Invalid ${where}: ${summary}`, details);
}
