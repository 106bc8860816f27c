/**
 * The dedupe store: one record per send key `${workflowId}:${step}:${channel}`, read before every
 * send and written around it ('pending' before the provider call, 'sent' after).
 *
 * `FileSendRecordStore(dir)` is the default: one small JSON file per key, named by the sha256 of the
 * key (no personal data or odd characters in file names), each written atomically (temp file in
 * the same directory, fsync, rename, fsync of the directory), so several worker processes on one
 * host can share the directory: a reader sees either the old or the new record, never a torn one.
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
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { transientFailure } from './errors';
import { TRANSIENT_FAILURE, type SendChannel, type SendKey, type SendRecordEntry, type SendRecordStore } from './types';

/** The dedupe key of one send. */
export function sendKey(input: SendKey & { notice?: string }, channel: SendChannel): string {
  const base = `${input.workflowId}:${input.step}${input.resend ? `#resend-${input.resend}` : ''}:${channel}`;
  return input.notice ? `${base}:${input.notice}` : base;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

interface StoredRecord extends SendRecordEntry {
  key: string;
}

function isEntry(value: unknown): value is StoredRecord {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (v.state === 'pending' || v.state === 'sent') && typeof v.startedAt === 'string';
}

function toEntry(record: SendRecordEntry): SendRecordEntry {
  return {
    state: record.state,
    startedAt: record.startedAt,
    ...(record.providerId !== undefined ? { providerId: record.providerId } : {}),
    ...(record.sentAt !== undefined ? { sentAt: record.sentAt } : {}),
  };
}

export class FileSendRecordStore implements SendRecordStore {
  private ready: Promise<void> | undefined;

  constructor(readonly dir: string) {}

  /** The file that holds a key's record. */
  fileFor(key: string): string {
    return path.join(this.dir, `${sha256Hex(key)}.json`);
  }

  async get(key: string): Promise<SendRecordEntry | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.fileFor(key), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    const parsed: unknown = JSON.parse(text);
    if (!isEntry(parsed)) throw new Error(`send record ${path.basename(this.fileFor(key))} is not a send record`);
    // A different key with the same sha256 is not going to happen; still, never answer for it.
    if (parsed.key !== undefined && parsed.key !== key) return undefined;
    return toEntry(parsed);
  }

  async put(key: string, entry: SendRecordEntry): Promise<void> {
    await this.ensureDir();
    const file = this.fileFor(key);
    const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    const record: StoredRecord = { key, ...toEntry(entry) };
    const handle = await fs.open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(record)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.rename(tmp, file);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
    await this.syncDir();
  }

  private ensureDir(): Promise<void> {
    this.ready ??= fs.mkdir(this.dir, { recursive: true, mode: 0o700 }).then(
      () => undefined,
      (err: unknown) => {
        this.ready = undefined;
        throw err;
      },
    );
    return this.ready;
  }

  /** Makes the rename itself durable. Not every platform can open a directory: best effort. */
  private async syncDir(): Promise<void> {
    let handle: fs.FileHandle | undefined;
    try {
      handle = await fs.open(this.dir, 'r');
      await handle.sync();
    } catch {
      // e.g. Windows: directories cannot be fsynced; the rename is still atomic.
    } finally {
      await handle?.close();
    }
  }
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
    throw transientFailure(TRANSIENT_FAILURE.sendRecordUnavailable, `send record could not be read: ${describeFsError(err)}`);
  }
}

export async function writeRecord(records: SendRecordStore, key: string, entry: SendRecordEntry): Promise<void> {
  try {
    await records.put(key, entry);
  } catch (err) {
    throw transientFailure(TRANSIENT_FAILURE.sendRecordUnavailable, `send record could not be written: ${describeFsError(err)}`);
  }
}

function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code) return code;
  return err instanceof SyntaxError ? 'not valid JSON' : 'unexpected error';
}
