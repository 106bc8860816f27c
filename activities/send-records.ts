/**
 * The dedupe store: one record per send key `${workflowId}:${step}:${channel}`, read before every
 * send and written around it ('pending' before the provider call, 'sent' after).
 *
 * The worker keeps them in the application database (`SqlSendRecordStore`, sql-send-records.ts),
 * one row per key, so workers on any number of hosts share them.
 *
 * There is no lock: two attempts of the same key running at once is excluded by Temporal (one
 * attempt of an activity at a time) except for an attempt that outlives its start-to-close timeout
 * while the retry starts; the workflow's 30-second timeout and the providers' shorter request
 * timeouts keep that window closed in practice.
 *
 * `InMemorySendRecordStore` is for unit tests. `readRecord`/`writeRecord` wrap a store for the
 * activities: a store failure becomes a retryable `SendRecordUnavailable` (no send happens without
 * the 'pending' record written first).
 */
import { createHash } from 'node:crypto';
import type { ApplicationFailure } from '@temporalio/common';
import { clinicOfSendingWorkflowId } from '../domain/identifiers';
import { transientFailure, type ActivityLog } from './errors';
import { TRANSIENT_FAILURE, type Clock, type KeyParts, type SendChannel, type SendRecordEntry, type SendRecordStore } from './types';

/** The dedupe key of one send. */
export function sendKey(input: KeyParts, channel: SendChannel): string {
  const base = `${input.workflowId}:${input.step}${input.resend ? `#resend-${input.resend}` : ''}:${channel}`;
  return input.notice ? `${base}:${input.notice}` : base;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** What a key says of its send, for the clinic's numbers: ids and channel words only. */
export interface SendKeyFacts {
  workflowId: string;
  step: string;
  channel: string;
  clinicId: string | undefined;
}

/** The inverse of sendKey(): no part but the notice may hold a ':' (workflow IDs, step ids and channels never do). */
export function factsOfSendKey(key: string): SendKeyFacts {
  const [workflowId = '', stepPart = '', channel = ''] = key.split(':');
  return { workflowId, step: stepPart.split('#')[0]!, channel, clinicId: clinicOfSendingWorkflowId(workflowId) };
}

function toEntry(record: SendRecordEntry): SendRecordEntry {
  return {
    state: record.state,
    startedAt: record.startedAt,
    ...(record.providerId !== undefined ? { providerId: record.providerId } : {}),
    ...(record.sentAt !== undefined ? { sentAt: record.sentAt } : {}),
    ...(record.failedAt !== undefined ? { failedAt: record.failedAt } : {}),
    ...(record.failure !== undefined ? { failure: record.failure } : {}),
  };
}

/** A store in memory, for tests. `entries` exposes what was written. */
export class InMemorySendRecordStore implements SendRecordStore {
  readonly entries = new Map<string, SendRecordEntry>();

  async get(key: string): Promise<SendRecordEntry | undefined> {
    const entry = this.entries.get(key);
    return entry ? { ...entry } : undefined;
  }

  async put(key: string, entry: SendRecordEntry): Promise<void> {
    this.entries.set(key, toEntry(entry));
  }
}

/** Reads a record; a store failure is retryable (and says so without personal data). */
export async function readRecord(records: SendRecordStore, key: string): Promise<SendRecordEntry | undefined> {
  try {
    return await records.get(key);
  } catch (err) {
    throw transientFailure(TRANSIENT_FAILURE.sendRecordUnavailable, `send record could not be read: ${describeStoreError(err)}`);
  }
}

export async function writeRecord(records: SendRecordStore, key: string, entry: SendRecordEntry): Promise<void> {
  try {
    await records.put(key, entry);
  } catch (err) {
    throw transientFailure(TRANSIENT_FAILURE.sendRecordUnavailable, `send record could not be written: ${describeStoreError(err)}`);
  }
}

/** The error's code only (ECONNREFUSED, a SQLSTATE such as 57P01): a message could quote a key. */
function describeStoreError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code ?? 'unexpected error';
}

/**
 * Notes a send the provider refused for good (a non-retryable failure) in its record, for the
 * clinic's numbers. Best effort: the refusal itself is what the workflow must see, so a store that
 * cannot be written is logged and the failure goes on unchanged.
 */
export async function notePermanentFailure(
  deps: { records: SendRecordStore; clock: Clock; log: ActivityLog },
  key: string,
  startedAt: string,
  failure: ApplicationFailure,
  ids: Record<string, unknown>,
): Promise<void> {
  if (!failure.nonRetryable) return;
  try {
    await deps.records.put(key, { state: 'pending', startedAt, failedAt: deps.clock.now().toISOString(), ...(failure.type ? { failure: failure.type } : {}) });
  } catch (err) {
    deps.log.warn('the send record could not note the failure', { ...ids, error: describeStoreError(err) });
  }
}
