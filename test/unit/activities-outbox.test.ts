/**
 * The local SMS outbox (no Twilio credentials): JSON Lines a person can read, idempotent by key,
 * and the sendSms activity's dedupe on top of it.
 */
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createActivities } from '../../activities';
import { createOutboxSmsSender, readOutbox } from '../../activities/sms/outbox-sms';
import { InMemorySendRecordStore, sendKey } from '../../activities/send-records';
import type { Mailer } from '../../activities/types';

const PHONE = '+12125554477';
const noMail: Mailer = {
  send: async () => {
    throw new Error('no mail in these tests');
  },
};

function outboxFile(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'outbox-')), 'nested', 'sms-outbox.jsonl');
}

describe('SMS outbox', () => {
  it('appends one readable JSON line per SMS', async () => {
    const file = outboxFile();
    const sender = createOutboxSmsSender(file);
    const a = await sender.send({ to: PHONE, body: 'Welcome!\nRedness tomorrow is normal.', idempotencyKey: 'wf-1:welcome:sms' });
    const b = await sender.send({ to: '+12125550000', body: 'Day 1-4 rules', idempotencyKey: 'wf-2:days-1-4:sms' });
    expect(a.providerId).toMatch(/^OUTBOX-[0-9a-f-]{36}$/);
    expect(b.providerId).not.toBe(a.providerId);

    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines).toHaveLength(3); // two lines and the final newline
    expect(lines[2]).toBe('');
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(first)).toEqual(['id', 'at', 'to', 'body', 'idempotencyKey']);
    expect(first).toMatchObject({ id: a.providerId, to: PHONE, body: 'Welcome!\nRedness tomorrow is normal.', idempotencyKey: 'wf-1:welcome:sms' });
    expect(new Date(first.at as string).toISOString()).toBe(first.at);
    // Readable as text: the number and the words are there as written.
    expect(lines[0]).toContain(`"to":"${PHONE}"`);
    expect(lines[1]).toContain('"body":"Day 1-4 rules"');

    expect((await readOutbox(file)).map((e) => e.id)).toEqual([a.providerId, b.providerId]);
  });

  it('finds an SMS by idempotency key and never appends the same key twice', async () => {
    const file = outboxFile();
    const sender = createOutboxSmsSender(file);
    expect(await sender.findSent!({ to: PHONE, body: 'x', idempotencyKey: 'k1', since: new Date() })).toBeUndefined();
    const { providerId } = await sender.send({ to: PHONE, body: 'x', idempotencyKey: 'k1' });
    expect(await sender.findSent!({ to: PHONE, body: 'x', idempotencyKey: 'k1', since: new Date() })).toEqual({ providerId });
    expect(await sender.send({ to: PHONE, body: 'x', idempotencyKey: 'k1' })).toEqual({ providerId });
    expect(await readOutbox(file)).toHaveLength(1);
  });

  it('survives a torn last line from a crash mid-append', async () => {
    const file = outboxFile();
    const sender = createOutboxSmsSender(file);
    await sender.send({ to: PHONE, body: 'one', idempotencyKey: 'k1' });
    appendFileSync(file, '{"id":"OUTBOX-torn","at":"2026');
    await sender.send({ to: PHONE, body: 'two', idempotencyKey: 'k2' });
    expect((await readOutbox(file)).map((e) => e.body)).toEqual(['one', 'two']);
  });

  it('readOutbox of a missing file is empty', async () => {
    expect(await readOutbox(path.join(tmpdir(), 'no-such-dir-aftercare', 'x.jsonl'))).toEqual([]);
  });

  it("sendSms through the outbox: sent once, and a 'pending' record is reconciled by key", async () => {
    const file = outboxFile();
    const records = new InMemorySendRecordStore();
    const activities = createActivities({ sms: createOutboxSmsSender(file), mail: noMail, records, clock: { now: () => new Date() } });
    const input = { workflowId: 'aftercare-northside-C1042-s1', step: 'welcome' as const, to: PHONE, body: 'Welcome' };
    const first = await activities.sendSms(input);
    expect(first.providerId).toMatch(/^OUTBOX-/);
    expect(await activities.sendSms(input)).toMatchObject({ providerId: first.providerId, alreadySent: true });

    // Crash between the append and the 'sent' write: the record is back to 'pending'.
    const key = sendKey(input, 'sms');
    records.entries.set(key, { state: 'pending', startedAt: new Date().toISOString() });
    expect(await activities.sendSms(input)).toMatchObject({ providerId: first.providerId, alreadySent: true });
    expect(records.entries.get(key)).toMatchObject({ state: 'sent', providerId: first.providerId });
    expect(await readOutbox(file)).toHaveLength(1);
  });
});
