/** Reading an activity's failure inside the workflow: permanent or not, and what to record. */
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';

/** The failure type when retrying could not help (the activity said so); undefined otherwise. */
export function permanentFailureType(err: unknown): string | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure && cause.nonRetryable) return cause.type ?? 'Permanent';
  return undefined;
}

/** The activity's own message (already free of personal data), not the wrapper's. */
export function failureText(err: unknown): string {
  const cause = err instanceof ActivityFailure && err.cause ? err.cause : err;
  return cause instanceof Error ? cause.message : String(cause);
}
