/**
 * The typed failures of the app operations. Callers map them, each in one place: the API to HTTP
 * statuses (api/errors.ts), the CLI to exit codes (cli/exit.ts). Messages are for people; callers
 * decide from the class and its fields, never from the text.
 */
import { describeIssues, type FieldIssue } from '../domain/field-issue';

export { ClinicExistsError, UnknownClinicError } from '../platform/clinics';
export { LastOwnerError, PersonExistsError } from '../platform/people';

/**
 * The caller sees the clinic (its own) but its role does not allow this: staff or a clinic key
 * changing the clinic's settings, keys or staff; anyone but an administrator adding a clinic.
 * Another clinic's anything is UnknownClinicError instead.
 */
export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
}

/** No such API key or person in this clinic (`what` says which; `field` is the URL part that named it). */
export class UnknownRecordError extends Error {
  override name = 'UnknownRecordError';
  constructor(
    readonly what: 'key' | 'person' | 'text' | 'photo',
    readonly field: string,
    readonly id: string,
  ) {
    super(`no ${what} "${id}" in this clinic`);
  }
}

/** The person was added but their invitation could not be sent (the mail server refused or is away). */
export class InvitationNotSentError extends Error {
  override name = 'InvitationNotSentError';
  constructor(readonly personId: string) {
    super('the person was added, but the invitation email could not be sent');
  }
}

/** Input that cannot be accepted, field by field; nothing was started or changed. */
export class InvalidInputError extends Error {
  override name = 'InvalidInputError';
  constructor(readonly issues: FieldIssue[]) {
    super(describeIssues(issues));
  }
}

/** No aftercare run with this workflow ID (or none that is still running, when that is what counts). */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
  constructor(
    readonly workflowId: string,
    message = `no aftercare workflow with ID ${workflowId}`,
  ) {
    super(message);
  }
}

/** No session of this client reference at this clinic (or at a clinic the caller may not see). */
export class UnknownClientError extends Error {
  override name = 'UnknownClientError';
  constructor(
    readonly clinicId: string,
    readonly clientRef: string,
  ) {
    super(`no client "${clientRef}" at clinic "${clinicId}"`);
  }
}

/** The session has no next one to enrol now: the course ends with it, nothing is booked, or it is not the day yet. */
export class NoNextSessionError extends Error {
  override name = 'NoNextSessionError';
  constructor(
    readonly workflowId: string,
    /** Why, in words: "session 3 is the last planned session". */
    readonly reason: string,
  ) {
    super(`${workflowId}: ${reason}`);
  }
}

/** This session of this client is enrolled already. */
export class AlreadyEnrolledError extends Error {
  override name = 'AlreadyEnrolledError';
  constructor(readonly workflowId: string) {
    super(`session already enrolled: ${workflowId}`);
  }
}

/** The run has ended (cancelled, superseded, completed): it takes no more changes. */
export class RunEndedError extends Error {
  override name = 'RunEndedError';
  constructor(
    readonly workflowId: string,
    /** Why, in words: "this aftercare plan is cancelled". */
    readonly reason: string,
  ) {
    super(`${workflowId}: ${reason}`);
  }
}

/** The operation needs a setting this server lacks (named by `setting`); nothing was changed. */
export class NotConfiguredError extends Error {
  override name = 'NotConfiguredError';
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A staff reply the SMS provider did not take: `retryable` when trying the same request again
 * later may send it (the provider was away), false when it refused it for good.
 */
export class TextNotSentError extends Error {
  override name = 'TextNotSentError';
  constructor(
    readonly retryable: boolean,
    message: string,
  ) {
    super(message);
  }
}

/** The Temporal server cannot be reached; raised where the connection is made. */
export { UnreachableError } from '../platform/temporal-connection';
