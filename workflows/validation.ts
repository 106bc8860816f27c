/**
 * How the workflow refuses an update: a non-retryable `ApplicationFailure` whose type says what
 * kind of refusal it is and whose details carry the `{ path, message }` of the field at fault. The
 * app layer reads these (`refusalOf`) and the API answers 400/409, the CLI exits 2, without ever
 * matching message text.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { FieldIssue } from '../domain/field-issue';

export const REFUSAL = {
  /** A field of the update is wrong: 400 at the API, exit code 2 at the CLI. */
  invalid: 'InvalidInput',
  /** The run has ended (cancelled, superseded, completed): 409 at the API, exit code 2 at the CLI. */
  ended: 'RunEnded',
} as const;
export type RefusalKind = keyof typeof REFUSAL;

export interface Refusal {
  kind: RefusalKind;
  issue: FieldIssue;
}

function refuse(kind: RefusalKind, issue: FieldIssue): never {
  throw ApplicationFailure.create({
    type: REFUSAL[kind],
    message: `${issue.path}: ${issue.message}`,
    details: [issue],
    nonRetryable: true,
  });
}

/** Refuses an update because one field is wrong. */
export function refuseField(path: string, message: string): never {
  refuse('invalid', { path, message });
}

/** Refuses an update because the run it targets has ended. */
export function refuseEnded(phase: string): never {
  refuse('ended', { path: 'workflowId', message: `this aftercare plan is ${phase}` });
}

function isFieldIssue(value: unknown): value is FieldIssue {
  return typeof value === 'object' && value !== null && typeof (value as FieldIssue).path === 'string' && typeof (value as FieldIssue).message === 'string';
}

/** The refusal inside an error from an update call (it sits somewhere in the cause chain), if any. */
export function refusalOf(err: unknown): Refusal | undefined {
  let e: unknown = err;
  for (let depth = 0; e && depth < 6; depth++) {
    if (e instanceof ApplicationFailure) {
      const type = e.type;
      const kind = (Object.keys(REFUSAL) as RefusalKind[]).find((k) => REFUSAL[k] === type);
      const issue = e.details?.[0];
      if (kind && isFieldIssue(issue)) return { kind, issue };
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
