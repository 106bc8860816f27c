/**
 * The API's error bodies and how failures map onto them. Every error answer is JSON
 * `{ error, message, requestId, issues? }`; `error` is a stable machine word, `message` a sentence
 * for people. Nothing from an exception's stack (or its message, for unexpected ones) ever
 * reaches a client.
 */
import { isGrpcServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { UnreachableError } from '../cli/kit';
import type { FieldIssue } from '../app/enrollment-schema';

export interface ErrorBody {
  error: string;
  message: string;
  requestId?: string;
  issues?: FieldIssue[];
  [extra: string]: unknown;
}

/** A failure the handlers raise on purpose: its status and body go to the client as they are. */
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
  return new HttpError(400, {
    error: 'invalid_request',
    message: issues.map((i) => `${i.path}: ${i.message}`).join('; '),
    issues,
  });
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

export function temporalUnavailable(kind: 'unreachable' | 'timeout'): HttpError {
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
