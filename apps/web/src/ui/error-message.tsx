import { messageOf } from '../api/client';

/** An API error (or any error) as a message screen readers announce; nothing when none. */
export function ErrorMessage({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  return (
    <p class="error" role="alert">
      {messageOf(error)}
    </p>
  );
}
