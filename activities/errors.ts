/**
 * Failures the activities throw, the redaction that keeps personal data out of them, and the
 * guarded access to the Temporal activity context (logger, heartbeat) the activities log through.
 *
 * Failure messages travel into Temporal's history, the Web UI and logs, so they never carry a
 * phone number, an email address or a name: provider texts are passed through `redact` and the
 * provider's original error is never attached as a cause (an axios or SMTP error holds the
 * request, recipients included).
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure, type LogMetadata } from '@temporalio/common';
import { redactText } from '../domain/redact';
import type { PermanentFailureType, TransientFailureType } from './types';

/** Masks anything in a provider's text that looks like an email address or a phone number. */
export function redact(text: string): string {
  return redactText(text, { foreign: true });
}

/** A failure that retrying cannot fix; the workflow branches on its `type`. */
export function permanentFailure(type: PermanentFailureType, message: string, details?: Record<string, unknown>): ApplicationFailure {
  return ApplicationFailure.create({ type, message: redact(message), nonRetryable: true, details: details ? [details] : [] });
}

/** A failure Temporal retries by the activity's retry policy. */
export function transientFailure(type: TransientFailureType, message: string, details?: Record<string, unknown>): ApplicationFailure {
  return ApplicationFailure.create({ type, message: redact(message), nonRetryable: false, details: details ? [details] : [] });
}

/** Network error codes (Node, axios) that mean "try again later". */
export const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ERR_NETWORK',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** `err.code` as a string, when there is one. */
export function errorCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') return String(code);
  }
  return undefined;
}

/** What the activities log through: ids, states and codes only, never a phone, email or name. */
export interface ActivityLog {
  info(message: string, meta?: LogMetadata): void;
  warn(message: string, meta?: LogMetadata): void;
}

const silent: ActivityLog = { info: () => undefined, warn: () => undefined };

/** The current activity's context, or undefined when called directly (unit tests, scripts). */
export function currentContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

/** The activity's logger inside an activity, else `fallback` (silent by default). */
export function activityLog(fallback: ActivityLog = silent): ActivityLog {
  return currentContext()?.log ?? fallback;
}

/** Heartbeats when running as an activity; a no-op otherwise. */
/**
 * Set when this call is a retry: an earlier attempt may have reached the provider on another
 * machine, whose send records this one cannot see. `since` is when the activity was first scheduled.
 */
export function retryOf(): { since: Date } | undefined {
  const info = currentContext()?.info;
  return info && info.attempt > 1 ? { since: new Date(info.scheduledTimestampMs) } : undefined;
}

export function heartbeat(details?: unknown): void {
  currentContext()?.heartbeat(details);
}

/**
 * Provider adapters throw ApplicationFailures already; anything else (a custom sender's plain
 * Error) becomes a retryable failure of `type` with its message redacted.
 */
export function asFailure(err: unknown, type: TransientFailureType, what: string): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err;
  const detail = err instanceof Error ? redact(err.message) : 'unknown error';
  return transientFailure(type, `${what}: ${detail}`);
}
