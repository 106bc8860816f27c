/**
 * The local SMS outbox: where SMS go when there are no Twilio credentials (the local stack, demos).
 *
 * `createOutboxSmsSender(file)` returns an `SmsSender` that appends one JSON line per SMS to `file`
 * (JSON Lines, fsynced):
 *
 *   {"id":"OUTBOX-<uuid>","at":"2026-03-12T14:00:00.000Z","to":"+12125554477","body":"...","idempotencyKey":"<workflowId>:<step>:sms","clinicId":"northside"}
 *
 * `clinicId` labels the texts of a clinic's sender (`createOutboxSmsSender(file, clock, clinicId)`);
 * texts of runs started before clinics were read at send time have none.
 *
 * `findSent` looks the idempotency key up in the file, so a retry after a crash between the append
 * and the send record never appends twice; `send` itself also returns the existing line's id when
 * the key is already there. `readOutbox(file)` returns every entry, oldest first, for the outbox
 * page (a torn last line from a crash mid-append is skipped).
 *
 * The file holds phone numbers and message bodies by design (it is the "phone"); it lives under
 * DATA_DIR, is created with mode 0600, and nothing here logs its content.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { redact, transientFailure } from '../errors';
import { TRANSIENT_FAILURE } from '../types';
import type { SmsSender } from './port';

export interface OutboxEntry {
  id: string;
  at: string;
  to: string;
  body: string;
  idempotencyKey: string;
  /** The clinic whose sender sent it; absent for texts the platform's sender sent. */
  clinicId?: string;
}

function isOutboxEntry(value: unknown): value is OutboxEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return ['id', 'at', 'to', 'body', 'idempotencyKey'].every((k) => typeof v[k] === 'string') && (v.clinicId === undefined || typeof v.clinicId === 'string');
}

async function readText(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

/** Every SMS in the outbox, oldest first; [] when the file does not exist yet. */
export async function readOutbox(file: string): Promise<OutboxEntry[]> {
  return parseOutbox(await readText(file));
}

function parseOutbox(text: string): OutboxEntry[] {
  const entries: OutboxEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const parsed: unknown = JSON.parse(line);
      if (isOutboxEntry(parsed)) entries.push(parsed);
    } catch {
      // A line torn by a crash mid-append: not a sent SMS.
    }
  }
  return entries;
}

export interface OutboxSmsSender extends SmsSender {
  readonly file: string;
}

export function createOutboxSmsSender(file: string, clock: { now(): Date } = { now: () => new Date() }, clinicId?: string): OutboxSmsSender {
  const failed = (err: unknown): Error =>
    transientFailure(TRANSIENT_FAILURE.smsProviderError, `SMS outbox not writable: ${redact((err as NodeJS.ErrnoException).code ?? 'unexpected error')}`);


  return {
    file,
    async send({ to, body, idempotencyKey }) {
      try {
        const text = await readText(file);
        const existing = parseOutbox(text).find((e) => e.idempotencyKey === idempotencyKey);
        if (existing) return { providerId: existing.id };
        await fs.mkdir(path.dirname(file), { recursive: true });
        const entry: OutboxEntry = { id: `OUTBOX-${randomUUID()}`, at: clock.now().toISOString(), to, body, idempotencyKey, ...(clinicId ? { clinicId } : {}) };
        // After a torn last line (crash mid-append), start on a fresh line so this one stays whole.
        const lead = text !== '' && !text.endsWith('\n') ? '\n' : '';
        // One write() of one line on an O_APPEND file: lines from several processes never interleave.
        const handle = await fs.open(file, 'a', 0o600);
        try {
          await handle.write(`${lead}${JSON.stringify(entry)}\n`);
          await handle.sync();
        } finally {
          await handle.close();
        }
        return { providerId: entry.id };
      } catch (err) {
        throw failed(err);
      }
    },
    async findSent({ idempotencyKey }) {
      try {
        const existing = (await readOutbox(file)).find((e) => e.idempotencyKey === idempotencyKey);
        return existing ? { providerId: existing.id } : undefined;
      } catch (err) {
        throw failed(err);
      }
    },
  };
}
