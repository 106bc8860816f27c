/**
 * The API's error bodies, and the one place where failures become HTTP answers: the app's typed
 * errors, Temporal being away, Fastify's own client errors. Every error answer is JSON
 * `{ error, message, requestId, issues? }`; `error` is a stable machine word, `message` a sentence
 * for people. Nothing from an unexpected exception (its stack, its message) ever reaches a client.
 */
import { isGrpcServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { FastifyError } from 'fastify';
import { describeIssues, type FieldIssue } from '../domain/field-issue';
import { SealingNotConfiguredError } from '../platform/sealed';
import { IMPORT_BODY_LIMIT } from '../app/import-limits';
import {
  AlreadyEnrolledError,
  ClinicExistsError,
  ForbiddenError,
  InvalidInputError,
  InvitationNotSentError,
  LastOwnerError,
  NoNextSessionError,
  NotConfiguredError,
  NotFoundError,
  PersonExistsError,
  RunEndedError,
  TextNotSentError,
  UnknownClientError,
  UnknownClinicError,
  UnknownRecordError,
  UnreachableError,
} from '../app/errors';

/** The client imports' route, whose body is a CSV file of up to IMPORT_BODY_LIMIT. */
export const IMPORTS_PATH = '/api/imports';

/** Largest request body accepted (413 beyond): an enrollment is well under 4 KiB. */
export const BODY_LIMIT = 32 * 1024;

export interface ErrorBody {
  error: string;
  message: string;
  requestId?: string;
  issues?: FieldIssue[];
  [extra: string]: unknown;
}

/** A failure raised on purpose: its status and body go to the client as they are. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly statusCode: number,
    readonly body: ErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

export function invalidRequest(issues: FieldIssue[]): HttpError {
  return new HttpError(400, { error: 'invalid_request', message: describeIssues(issues), issues });
}

export function notFound(message: string, extra: Record<string, unknown> = {}): HttpError {
  return new HttpError(404, { error: 'not_found', message, ...extra });
}

// gRPC status codes (grpc/status.proto): the ones that mean "Temporal is not there right now".
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;

/**
 * 'unreachable' when Temporal cannot be reached, 'timeout' when it did not answer within the
 * request's deadline (also: no worker to answer a query), undefined for anything else.
 */
export function temporalTrouble(err: unknown): 'unreachable' | 'timeout' | undefined {
  let e: unknown = err;
  for (let depth = 0; e && depth < 6; depth++) {
    if (e instanceof UnreachableError) return 'unreachable';
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return 'timeout';
    if (isGrpcServiceError(e)) {
      if (e.code === GRPC_UNAVAILABLE) return 'unreachable';
      if (e.code === GRPC_DEADLINE_EXCEEDED) return 'timeout';
      return undefined;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function temporalUnavailable(kind: 'unreachable' | 'timeout'): HttpError {
  return new HttpError(
    503,
    {
      error: 'temporal_unavailable',
      message:
        kind === 'unreachable'
          ? 'The Temporal server cannot be reached right now; nothing was changed. Try again in a minute.'
          : 'Temporal did not answer in time (is the Temporal server up and the aftercare worker running?). Try again in a minute.',
    },
    { 'retry-after': '30' },
  );
}

/** The app's typed errors as answers. */
function appError(err: unknown): HttpError | undefined {
  if (err instanceof InvalidInputError) return invalidRequest(err.issues);
  if (err instanceof UnknownClinicError) {
    return notFound(`Unknown clinic "${err.clinicId}".`, { issues: [{ path: 'clinicId', message: `unknown clinic "${err.clinicId}"` }] });
  }
  if (err instanceof ClinicExistsError) {
    return new HttpError(409, {
      error: 'clinic_exists',
      message: `There is a clinic with id "${err.clinicId}" already; nothing was changed.`,
      issues: [{ path: 'id', message: `"${err.clinicId}" is taken: choose another id, or change that clinic with PATCH /api/clinics/${err.clinicId}` }],
    });
  }
  if (err instanceof NotFoundError) return notFound(`There is no aftercare workflow with ID ${err.workflowId}.`, { workflowId: err.workflowId });
  if (err instanceof UnknownClientError) {
    return notFound(`There is no client "${err.clientRef}" at this clinic.`, { issues: [{ path: 'clientRef', message: 'no session of this client is enrolled' }] });
  }
  if (err instanceof NoNextSessionError) {
    return new HttpError(409, { error: 'no_next_session', message: `No next session to enrol: ${err.reason}.`, workflowId: err.workflowId });
  }
  if (err instanceof AlreadyEnrolledError) {
    return new HttpError(409, { error: 'already_enrolled', message: `This session is already enrolled as ${err.workflowId}.`, workflowId: err.workflowId });
  }
  if (err instanceof RunEndedError) {
    return new HttpError(409, { error: 'workflow_closed', message: `Nothing was changed: ${err.message}.`, workflowId: err.workflowId });
  }
  if (err instanceof NotConfiguredError) return new HttpError(503, { error: 'not_configured', message: err.message });
  if (err instanceof SealingNotConfiguredError) return new HttpError(503, { error: 'not_configured', message: err.message });
  if (err instanceof ForbiddenError) return new HttpError(403, { error: 'forbidden', message: err.message });
  if (err instanceof UnknownRecordError) return notFound(`There is no ${err.what} "${err.id}" in this clinic.`, { issues: [{ path: err.field, message: `unknown ${err.what}` }] });
  if (err instanceof PersonExistsError) {
    return new HttpError(409, { error: 'person_exists', message: 'Someone with this email has an account already; nothing was changed.', issues: [{ path: 'email', message: 'is taken' }] });
  }
  if (err instanceof LastOwnerError) return new HttpError(409, { error: 'last_owner', message: `Nothing was changed: ${err.message}.` });
  if (err instanceof InvitationNotSentError) {
    return new HttpError(502, { error: 'invitation_not_sent', message: 'The person was added, but the invitation email could not be sent: check the mail server.', personId: err.personId });
  }
  if (err instanceof TextNotSentError) {
    return err.retryable
      ? new HttpError(503, { error: 'sms_unavailable', message: err.message }, { 'retry-after': '60' })
      : new HttpError(502, { error: 'sms_refused', message: err.message });
  }
  return undefined;
}

/** Fastify's own client errors (body too large, wrong type, ...); their messages are safe to show. */
function fastifyError(err: FastifyError, url: string): HttpError | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpError(413, {
        error: 'payload_too_large',
        message: url.startsWith(IMPORTS_PATH) ? `An import file must be at most ${IMPORT_BODY_LIMIT / 1024 / 1024} MiB through the API (the CLI takes any size).` : `The request body must be at most ${BODY_LIMIT / 1024} KiB.`,
      });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpError(415, {
        error: 'unsupported_media_type',
        message: url.startsWith('/webhooks/')
          ? 'Send the body as application/x-www-form-urlencoded.'
          : url.startsWith(IMPORTS_PATH)
            ? 'Send the file as the body with Content-Type: text/csv.'
            : 'Send the body as JSON with Content-Type: application/json.',
      });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return invalidRequest([{ path: '(body)', message: 'is required' }]);
    default:
      break;
  }
  const status = err.statusCode;
  if (status === 429) return new HttpError(429, { error: 'rate_limited', message: err.message });
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const message = typeof err.code === 'string' && err.code.startsWith('FST_') ? err.message : 'The request could not be understood.';
    return new HttpError(status, { error: 'bad_request', message });
  }
  return undefined;
}

/** The answer for any failure; undefined for an unexpected one (a 500 that shows nothing of it). */
export function httpErrorOf(err: unknown, url: string): HttpError | undefined {
  if (err instanceof HttpError) return err;
  const trouble = temporalTrouble(err);
  if (trouble) return temporalUnavailable(trouble);
  return appError(err) ?? fastifyError(err as FastifyError, url);
}
