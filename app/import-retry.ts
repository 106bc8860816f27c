/**
 * Whether the server turned a start away only for the moment (too busy, unreachable, too slow to
 * answer): the row is tried again later, and fewer are sent at once. Anything else is final.
 */
import { isGrpcServiceError } from '@temporalio/client';
import { RETRY_FIRST_WAIT_MS, RETRY_LONGEST_WAIT_MS } from './import-limits';
import { UnreachableError } from './errors';

// gRPC status codes (grpc/status.proto).
const DEADLINE_EXCEEDED = 4;
const RESOURCE_EXHAUSTED = 8;
const ABORTED = 10;
const UNAVAILABLE = 14;
const PASSING = new Set([DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, UNAVAILABLE]);

export function isPassingTrouble(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && depth < 6; depth++) {
    if (e instanceof UnreachableError) return true;
    if (isGrpcServiceError(e)) return PASSING.has(e.code);
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** The wait before attempt `attempt` (1 = the first retry): doubling, capped, with jitter so rows do not come back together. */
export function retryWaitMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(RETRY_LONGEST_WAIT_MS, RETRY_FIRST_WAIT_MS * 2 ** (attempt - 1));
  return Math.round(base / 2 + random() * (base / 2));
}
