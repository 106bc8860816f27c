/**
 * The activities against real protocols: the real `twilio` package over HTTP to the local Twilio
 * stand-in, nodemailer over SMTP to the local SMTP sink (what arrived is parsed by mailparser). The
 * send records are kept in memory here; test/e2e/database.test.ts covers the SQL store itself.
 */
import net from 'node:net';
import { ApplicationFailure, type LogLevel, type LogMetadata } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities, type ActivityLog } from '../../activities';
import { emailHash } from '../../app/email-hash';
import { readUnsubscribeToken, unsubscribeUrl } from '../../app/unsubscribe-token';
import { CLINIC } from '../../dev/aftercare-harness';
import { stableMessageId } from '../../activities/email/send-email';
import { InMemorySendRecordStore, sendKey, sha256Hex } from '../../activities/send-records';
import { createSmtpMailer, type SmtpMailer } from '../../activities/email/smtp-mailer';
import { createTwilioSender } from '../../activities/sms/twilio-sender';
import { PERMANENT_FAILURE, TRANSIENT_FAILURE, type SendRecordEntry, type SendRecordStore, type SendResult, type SendSmsInput, type SmsSender } from '../../activities/types';
import { startSmtpSink, type SmtpSink } from '../../dev/smtp-sink';
import { startTwilioStandIn, type TwilioStandIn } from '../../dev/twilio-stand-in';

const FROM = '+13125559999';
const PHONE = '+12125554477';
const EMAIL = 'jordan@example.com';
const PUBLIC = 'https://aftercare.example.com';
const HASH_KEY = 'phone-hash-key-for-tests-0123';
const clock = { now: () => new Date() };

let twilio: TwilioStandIn;
let smtp: SmtpSink;
const mailers: SmtpMailer[] = [];

beforeAll(async () => {
  [twilio, smtp] = await Promise.all([startTwilioStandIn(), startSmtpSink()]);
});
afterAll(async () => {
  for (const m of mailers) m.close();
  await Promise.all([twilio.close(), smtp.close()]);
});
beforeEach(() => {
  twilio.reset();
  smtp.reset();
});

let seq = 0;
/** A fresh workflow id per test, so dedupe keys never collide across tests. */
const newWorkflowId = () => `aftercare-northside-C${1000 + ++seq}-s1`;

function twilioSender(opts: { messagingServiceSid?: string; apiBaseUrl?: string } = {}): SmsSender {
  return createTwilioSender({
    accountSid: twilio.accountSid,
    authToken: twilio.authToken,
    ...(opts.messagingServiceSid ? { messagingServiceSid: opts.messagingServiceSid } : { from: FROM }),
    apiBaseUrl: opts.apiBaseUrl ?? twilio.baseUrl,
    statusCallbackBaseUrl: PUBLIC,
    timeoutMs: 5_000,
  });
}

function mailer(url = smtp.url): SmtpMailer {
  const m = createSmtpMailer({ url, from: 'Aftercare <aftercare@example.com>', timeoutMs: 5_000 });
  mailers.push(m);
  return m;
}

/** Captures log lines, to check that none carries personal data. */
function captureLog(): ActivityLog & { lines: string[] } {
  const lines: string[] = [];
  const push = (message: string, meta?: LogMetadata) => lines.push(`${message} ${JSON.stringify(meta ?? {})}`);
  return { lines, info: push, warn: push };
}

function build(opts: { sms?: SmsSender; records?: SendRecordStore; mailUrl?: string; log?: ActivityLog } = {}) {
  const records = opts.records ?? new InMemorySendRecordStore();
  const activities = createActivities({
    sms: opts.sms ?? twilioSender(),
    mail: mailer(opts.mailUrl),
    records,
    clock,
    unsubscribeUrl: (r) => unsubscribeUrl(PUBLIC, HASH_KEY, r),
    ...(opts.log ? { log: opts.log } : {}),
  });
  return { activities, records };
}

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(ApplicationFailure);
    return err as ApplicationFailure;
  }
  throw new Error('expected the activity to fail');
}

function expectNoPersonalData(text: string) {
  expect(text).not.toContain(PHONE);
  expect(text).not.toContain(PHONE.slice(2)); // without +1
  expect(text).not.toContain(EMAIL);
  expect(text).not.toContain('frontdesk@');
  expect(text).not.toMatch(/jordan/i);
}

/** A TCP port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('sendSms (real twilio package -> Twilio stand-in)', () => {
  it('delivers the body from the configured number with a status callback that names only the send', async () => {
    const { activities, records } = build();
    const workflowId = newWorkflowId();
    const result = await activities.sendSms({ workflowId, step: 'welcome', to: PHONE, body: 'Welcome, Jordan: redness tomorrow is normal.' });

    expect(twilio.messages).toHaveLength(1);
    const [msg] = twilio.messages;
    expect(msg).toMatchObject({ to: PHONE, from: FROM, body: 'Welcome, Jordan: redness tomorrow is normal.' });
    expect(msg!.messagingServiceSid).toBeUndefined();
    expect(result).toEqual({ providerId: msg!.sid, alreadySent: false, at: expect.any(String) });
    expect(msg!.sid).toMatch(/^SM[0-9a-f]{32}$/);

    const callback = new URL(msg!.statusCallback!);
    expect(`${callback.origin}${callback.pathname}`).toBe(`${PUBLIC}/webhooks/twilio/status`);
    expect(Object.fromEntries(callback.searchParams)).toEqual({ wf: workflowId, step: 'welcome', channel: 'sms' });
    expectNoPersonalData(msg!.statusCallback!);

    expect(await records.get(sendKey({ workflowId, step: 'welcome' }, 'sms'))).toMatchObject({ state: 'sent', providerId: msg!.sid });
  });

  it('sends through a messaging service when one is configured', async () => {
    const { activities } = build({ sms: twilioSender({ messagingServiceSid: 'MG0123456789abcdef0123456789abcdef' }) });
    await activities.sendSms({ workflowId: newWorkflowId(), step: 'days-1-4', to: PHONE, body: 'Day 1-4 rules' });
    expect(twilio.messages).toHaveLength(1);
    expect(twilio.messages[0]).toMatchObject({ messagingServiceSid: 'MG0123456789abcdef0123456789abcdef', body: 'Day 1-4 rules' });
    expect(twilio.messages[0]!.from).toBeUndefined();
  });

  it.each([
    [21211, PERMANENT_FAILURE.smsInvalidNumber, `The 'To' number ${PHONE} is not a valid phone number.`],
    [21614, PERMANENT_FAILURE.smsNotMobile, `'To' number ${PHONE} is not a valid mobile number`],
    [21610, PERMANENT_FAILURE.smsUnsubscribed, `Attempt to send to unsubscribed recipient ${PHONE}`],
    [21408, PERMANENT_FAILURE.smsRejected, 'Permission to send an SMS has not been enabled for the region'],
  ])('Twilio error %i becomes a non-retryable %s without the phone number', async (code, type, message) => {
    const { activities, records } = build();
    twilio.failFor(PHONE, { status: 400, code, message });
    const workflowId = newWorkflowId();
    const failure = await failureOf(activities.sendSms({ workflowId, step: 'welcome', to: PHONE, body: 'hi' }));
    expect(failure.type).toBe(type);
    // The record notes the refusal for the clinic's numbers; nothing went, so it stays 'pending'.
    expect(await records.get(sendKey({ workflowId, step: 'welcome' }, 'sms'))).toMatchObject({ state: 'pending', failedAt: expect.any(String), failure: type });
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain(String(code));
    expectNoPersonalData(failure.message);
    expectNoPersonalData(JSON.stringify(failure.details));
    expect(twilio.messages).toHaveLength(0);
  });

  it.each([
    ['HTTP 500', { status: 500 }, TRANSIENT_FAILURE.smsProviderError],
    ['HTTP 503', { status: 503 }, TRANSIENT_FAILURE.smsProviderError],
    ['HTTP 429', { status: 429 }, TRANSIENT_FAILURE.smsRateLimited],
    ['Twilio 20429', { status: 400, code: 20429 }, TRANSIENT_FAILURE.smsRateLimited],
  ])('%s is retryable, and the retry sends exactly once', async (_name, error, type) => {
    const { activities, records } = build();
    const input = { workflowId: newWorkflowId(), step: 'days-5-7' as const, to: PHONE, body: 'Day 5-7 rules' };
    twilio.failNext(1, error);
    const failure = await failureOf(activities.sendSms(input));
    expect(failure.type).toBe(type);
    expect(failure.nonRetryable).toBe(false);
    expectNoPersonalData(failure.message);
    // A failure that may pass is no outcome yet.
    expect((await records.get(sendKey(input, 'sms')))?.failedAt).toBeUndefined();

    // The retry: the record is 'pending', the stand-in has nothing, so it is sent (once).
    const result = await activities.sendSms(input);
    expect(result.alreadySent).toBe(false);
    expect(twilio.messages).toHaveLength(1);
    expect(twilio.requests).toHaveLength(2);
  });

  it('an outage that also fails the lookup stays retryable until the API is back', async () => {
    const { activities } = build();
    const input = { workflowId: newWorkflowId(), step: 'days-8-14' as const, to: PHONE, body: 'Day 8-14 rules' };
    twilio.setOutage({ status: 500, count: 2 });
    expect((await failureOf(activities.sendSms(input))).nonRetryable).toBe(false); // create fails
    expect((await failureOf(activities.sendSms(input))).nonRetryable).toBe(false); // lookup of the pending send fails
    expect((await activities.sendSms(input)).alreadySent).toBe(false);
    expect(twilio.messages).toHaveLength(1);
  });

  it('a network error (connection refused) is retryable and names no number', async () => {
    const { activities } = build({ sms: twilioSender({ apiBaseUrl: `http://127.0.0.1:${await closedPort()}` }) });
    const failure = await failureOf(activities.sendSms({ workflowId: newWorkflowId(), step: 'welcome', to: PHONE, body: 'hi' }));
    expect(failure.nonRetryable).toBe(false);
    expect(failure.type).toBe(TRANSIENT_FAILURE.smsUnreachable);
    expect(failure.message).toContain('ECONNREFUSED');
    expectNoPersonalData(failure.message);
  });

  it('a second call with the same key sends nothing, also from another worker on the same store', async () => {
    const shared = new InMemorySendRecordStore();
    const first = build({ records: shared }).activities;
    const input = { workflowId: newWorkflowId(), step: 'book-next' as const, to: PHONE, body: 'Book session 2' };
    const sent = await first.sendSms(input);
    const again = await first.sendSms(input);
    expect(again).toEqual({ providerId: sent.providerId, alreadySent: true, at: sent.at });

    const otherWorker = build({ records: shared }).activities;
    expect(await otherWorker.sendSms(input)).toMatchObject({ providerId: sent.providerId, alreadySent: true });
    expect(twilio.messages).toHaveLength(1);
    expect(twilio.requests).toHaveLength(1);

    // Other steps and channels of the same workflow are separate keys.
    await otherWorker.sendSms({ ...input, step: 'book-nudge' });
    expect(twilio.messages).toHaveLength(2);
  });

  it("reconciles a 'pending' record whose message Twilio already has, without sending it again", async () => {
    const shared = new InMemorySendRecordStore();
    const sender = twilioSender();
    const input = { workflowId: newWorkflowId(), step: 'day-15' as const, to: PHONE, body: 'Day 15: healed enough for the daily routine.' };
    const key = sendKey(input, 'sms');
    // A worker wrote 'pending', Twilio accepted the message, and the worker died before writing 'sent'.
    await shared.put(key, { state: 'pending', startedAt: new Date(Date.now() - 60_000).toISOString() });
    const { providerId } = await sender.send({ to: input.to, body: input.body, idempotencyKey: key });
    // Another message to the same number with a different body must not count.
    await sender.send({ to: input.to, body: 'something else', idempotencyKey: 'other' });
    expect(twilio.messages).toHaveLength(2);

    const { activities, records } = build({ records: shared });
    const result = await activities.sendSms(input);
    expect(result).toMatchObject({ providerId, alreadySent: true });
    expect(twilio.messages).toHaveLength(2);
    expect(await records.get(key)).toMatchObject({ state: 'sent', providerId });
    // And from now on it is a plain 'sent' record.
    expect(await activities.sendSms(input)).toMatchObject({ providerId, alreadySent: true });
    expect(twilio.requests).toHaveLength(2);
  });

  it("reconciles a 'pending' message that a messaging service accepted but has not sent yet (no DateSent)", async () => {
    const shared = new InMemorySendRecordStore();
    const sender = twilioSender({ messagingServiceSid: 'MG0123456789abcdef0123456789abcdef' });
    const input = { workflowId: newWorkflowId(), step: 'welcome' as const, to: PHONE, body: 'Welcome (queued)' };
    const key = sendKey(input, 'sms');
    await shared.put(key, { state: 'pending', startedAt: new Date().toISOString() });
    const { providerId } = await sender.send({ to: input.to, body: input.body, idempotencyKey: key });

    const { activities } = build({ sms: sender, records: shared });
    expect(await activities.sendSms(input)).toMatchObject({ providerId, alreadySent: true });
    expect(twilio.messages).toHaveLength(1);
  });

  it("a crash after Twilio accepted (the 'sent' write fails) is retried without a second SMS", async () => {
    const store = new InMemorySendRecordStore();
    // A store whose 'sent' write fails, as if the process died right after Twilio's 201.
    const crashing: SendRecordStore = {
      get: (key) => store.get(key),
      put: async (key, entry: SendRecordEntry) => {
        if (entry.state === 'sent') throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
        await store.put(key, entry);
      },
    };
    const input = { workflowId: newWorkflowId(), step: 'one-month' as const, to: PHONE, body: 'One month on: pools are fine again.' };
    const failure = await failureOf(build({ records: crashing }).activities.sendSms(input));
    expect(failure).toMatchObject({ type: TRANSIENT_FAILURE.sendRecordUnavailable, nonRetryable: false });
    expect(twilio.messages).toHaveLength(1);

    const retry = await build({ records: store }).activities.sendSms(input);
    expect(retry).toMatchObject({ providerId: twilio.messages[0]!.sid, alreadySent: true });
    expect(twilio.messages).toHaveLength(1);
  });

  it("a 'pending' record with nothing at Twilio is sent (the earlier attempt never got through)", async () => {
    const shared = new InMemorySendRecordStore();
    const input = { workflowId: newWorkflowId(), step: 'book-nudge' as const, to: PHONE, body: 'Still time to book' };
    const startedAt = new Date(Date.now() - 3_600_000).toISOString();
    await shared.put(sendKey(input, 'sms'), { state: 'pending', startedAt });
    const { activities, records } = build({ records: shared });
    expect((await activities.sendSms(input)).alreadySent).toBe(false);
    expect(twilio.messages).toHaveLength(1);
    // The first attempt's start is kept, so later lookups cover it.
    expect(await records.get(sendKey(input, 'sms'))).toMatchObject({ state: 'sent', startedAt });
  });

  it('a retry on another worker, whose records never saw the first attempt, asks Twilio before sending', async () => {
    const input = { workflowId: newWorkflowId(), step: 'days-5-7' as const, to: PHONE, body: 'Days 5 to 7: let it flake.' };
    // The first attempt reached Twilio on one machine, then that machine died before answering.
    await build({ records: new InMemorySendRecordStore() }).activities.sendSms(input);
    expect(twilio.messages).toHaveLength(1);
    const elsewhere = build({ records: new InMemorySendRecordStore() }).activities;
    const retry = (await new MockActivityEnvironment({ attempt: 2, scheduledTimestampMs: Date.now() - 60_000 }).run(elsewhere.sendSms, input)) as SendResult;
    expect(retry).toMatchObject({ alreadySent: true, providerId: twilio.messages[0]!.sid });
    expect(twilio.messages).toHaveLength(1);
    // A first attempt does not ask: nothing can have been sent before it.
    const fresh = { ...input, workflowId: newWorkflowId() };
    expect(((await new MockActivityEnvironment({ attempt: 1 }).run(elsewhere.sendSms, fresh)) as SendResult).alreadySent).toBe(false);
    expect(twilio.messages).toHaveLength(2);
  });

  it('works inside a Temporal activity context and logs ids only', async () => {
    const lines: string[] = [];
    const logger = {
      log: (_level: LogLevel, message: string, meta?: LogMetadata) => lines.push(`${message} ${JSON.stringify(meta ?? {})}`),
      trace: () => undefined,
      debug: () => undefined,
      info: (message: string, meta?: LogMetadata) => lines.push(`${message} ${JSON.stringify(meta ?? {})}`),
      warn: (message: string, meta?: LogMetadata) => lines.push(`${message} ${JSON.stringify(meta ?? {})}`),
      error: (message: string, meta?: LogMetadata) => lines.push(`${message} ${JSON.stringify(meta ?? {})}`),
    };
    const env = new MockActivityEnvironment({ attempt: 2 }, { logger });
    const heartbeats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => heartbeats.push(d));
    const { activities } = build();
    const workflowId = newWorkflowId();
    const input: SendSmsInput = { workflowId, step: 'welcome', to: PHONE, body: 'Hello Jordan' };
    const result = (await env.run(activities.sendSms, input)) as SendResult;
    expect(result.alreadySent).toBe(false);
    expect(heartbeats).toContain('sending');
    expect(lines.join('\n')).toContain('SMS sent');
    expect(lines.join('\n')).toContain(workflowId);
    expectNoPersonalData(lines.join('\n'));
  });
});

describe('sendEmail and notifyClinic (nodemailer -> SMTP sink)', () => {
  it('arrives with text, HTML, one-click List-Unsubscribe and the stable Message-ID', async () => {
    const { activities, records } = build();
    // An ID of today's scheme names the clinic the link is for.
    const workflowId = newWorkflowId().replace('northside-', 'northside~');
    const input = { workflowId, step: 'welcome' as const, to: EMAIL, subject: 'Your aftercare', text: 'Plain welcome', html: '<p>HTML <b>welcome</b></p>' };
    const result = await activities.sendEmail(input);

    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    const messageId = stableMessageId(input, 'email');
    expect(messageId).toBe(`<${sha256Hex(`${workflowId}:welcome:email`).slice(0, 32)}@smp-aftercare>`);
    expect(mail.messageId).toBe(messageId);
    expect(result).toEqual({ providerId: messageId, alreadySent: false, at: expect.any(String) });
    expect(mail.subject).toBe('Your aftercare');
    expect(mail.text?.trim()).toBe('Plain welcome');
    expect(mail.html).toContain('<b>welcome</b>');
    expect(JSON.stringify(mail.to)).toContain(EMAIL);
    expect(JSON.stringify(mail.from)).toContain('aftercare@example.com');
    expect(smtp.envelopes[0]).toEqual({ from: 'aftercare@example.com', to: [EMAIL] });

    // RFC 8058: one https URL (no mailto nobody reads), and the one-click POST header.
    const header = (name: string) => mail.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '') ?? '';
    const web = /^<(https:[^>]+)>$/.exec(header('list-unsubscribe'))?.[1];
    expect(web).toBeDefined();
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const url = new URL(web!);
    expect(url.origin).toBe(PUBLIC);
    const token = url.pathname.replace(/^\/unsubscribe\//, '');
    expect(readUnsubscribeToken(token, HASH_KEY)).toEqual({ clinicId: 'northside', emailHash: emailHash(EMAIL, HASH_KEY) });
    expectNoPersonalData(header('list-unsubscribe'));

    expect(mail.headers.get('x-aftercare-workflow')).toBe(workflowId);
    expect(mail.headers.get('x-aftercare-step')).toBe('welcome');
    expect(await records.get(sendKey(input, 'email'))).toMatchObject({ state: 'sent', providerId: messageId });
  });

  it("a message rendered at send time shows the recipient's link in its footer, text and HTML", async () => {
    const { activities } = build();
    const workflowId = newWorkflowId();
    const context = { clientFirstName: 'Jordan', sessionNumber: 1, plannedSessions: 3, timezone: 'America/New_York', currentPhase: 'day-0' as const, plan: [] };
    await activities.sendEmail({ workflowId, step: 'days-1-4', to: EMAIL, message: { clinicId: 'southbank', clinicSnapshot: { name: CLINIC.name, phone: CLINIC.phone, bookingUrl: CLINIC.bookingUrl }, context } });
    const mail = smtp.messages[0]!;
    const link = unsubscribeUrl(PUBLIC, HASH_KEY, { to: EMAIL, clinicId: 'southbank' });
    expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toContain(`<${link}>`);
    expect(mail.text).toContain(`unsubscribe here: ${link}`);
    expect(mail.html).toContain(`<a href="${link}"`);
  });

  it('without a way to make links (no PHONE_HASH_KEY or PUBLIC_BASE_URL), client emails go without them', async () => {
    const activities = createActivities({ sms: twilioSender(), mail: mailer(), records: new InMemorySendRecordStore(), clock });
    await activities.sendEmail({ workflowId: newWorkflowId().replace('northside-', 'northside~'), step: 'welcome', to: EMAIL, subject: 's', text: 't', html: '<p>h</p>' });
    expect(smtp.messages[0]!.headerLines.filter((h) => h.key.startsWith('list-'))).toEqual([]);
  });

  it('a second call sends nothing, also from another worker on the same store', async () => {
    const shared = new InMemorySendRecordStore();
    const input = { workflowId: newWorkflowId(), step: 'days-1-4' as const, to: EMAIL, subject: 's', text: 't', html: '<p>h</p>' };
    const first = await build({ records: shared }).activities.sendEmail(input);
    const again = await build({ records: shared }).activities.sendEmail(input);
    expect(again).toEqual({ providerId: first.providerId, alreadySent: true, at: first.at });
    expect(smtp.messages).toHaveLength(1);
  });

  it("a 'pending' record is re-sent with the same Message-ID (the documented at-least-once window)", async () => {
    const records = new InMemorySendRecordStore();
    const input = { workflowId: newWorkflowId(), step: 'days-5-7' as const, to: EMAIL, subject: 's', text: 't', html: '<p>h</p>' };
    await records.put(sendKey(input, 'email'), { state: 'pending', startedAt: new Date().toISOString() });
    const result = await build({ records }).activities.sendEmail(input);
    expect(result.alreadySent).toBe(false);
    expect(smtp.messages.map((m) => m.messageId)).toEqual([stableMessageId(input, 'email')]);
    expect((await records.get(sendKey(input, 'email')))?.state).toBe('sent');
  });

  it('a recipient rejected with 5xx is a non-retryable EmailRecipientRejected without the address', async () => {
    smtp.rejectRecipient(EMAIL);
    const { activities, records } = build();
    const workflowId = newWorkflowId();
    const failure = await failureOf(activities.sendEmail({ workflowId, step: 'welcome', to: EMAIL, subject: 's', text: 't', html: '<p>h</p>' }));
    expect(failure.type).toBe(PERMANENT_FAILURE.emailRejected);
    expect(await records.get(sendKey({ workflowId, step: 'welcome' }, 'email'))).toMatchObject({ state: 'pending', failure: PERMANENT_FAILURE.emailRejected });
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain('550');
    expectNoPersonalData(failure.message);
    expect(smtp.messages).toHaveLength(0);
  });

  it('connection refused is retryable', async () => {
    const { activities } = build({ mailUrl: `smtp://127.0.0.1:${await closedPort()}` });
    const failure = await failureOf(
      activities.sendEmail({ workflowId: newWorkflowId(), step: 'welcome', to: EMAIL, subject: 's', text: 't', html: '<p>h</p>' }),
    );
    expect(failure.type).toBe(TRANSIENT_FAILURE.emailTransient);
    expect(failure.nonRetryable).toBe(false);
    expectNoPersonalData(failure.message);
  });

  it.each([
    ['a 451 on MAIL FROM', (s: SmtpSink) => s.failNext(1)],
    ['a 421 greeting', (s: SmtpSink) => s.refuseConnectionsFor(1)],
    ['a dropped connection', (s: SmtpSink) => s.refuseConnectionsFor(1, { drop: true })],
  ])('%s is retryable, and the retry delivers exactly one message', async (_name, inject) => {
    inject(smtp);
    const { activities } = build();
    const input = { workflowId: newWorkflowId(), step: 'day-15' as const, to: EMAIL, subject: 's', text: 't', html: '<p>h</p>' };
    const failure = await failureOf(activities.sendEmail(input));
    expect(failure.nonRetryable).toBe(false);
    expect(failure.type).toBe(TRANSIENT_FAILURE.emailTransient);
    expectNoPersonalData(failure.message);
    expect(smtp.failures).toBe(1);
    await activities.sendEmail(input);
    expect(smtp.messages).toHaveLength(1);
  });

  it('notifyClinic sends plain text to the clinic, deduped separately from the client email', async () => {
    const { activities } = build();
    const workflowId = newWorkflowId();
    await activities.sendEmail({ workflowId, step: 'clinic-follow-up', to: EMAIL, subject: 'client copy', text: 't', html: '<p>h</p>' });
    const notice = { workflowId, step: 'clinic-follow-up' as const, notice: 'clinic-follow-up', to: 'frontdesk@northside.example.com', subject: 'Please call C1042', text: 'No booking yet for C1042.' };
    const result = await activities.notifyClinic(notice);
    expect(await activities.notifyClinic(notice)).toMatchObject({ providerId: result.providerId, alreadySent: true });

    expect(smtp.messages).toHaveLength(2);
    const mail = smtp.messages[1]!;
    expect(mail.messageId).toBe(stableMessageId(notice, 'clinic'));
    expect(mail.messageId).not.toBe(smtp.messages[0]!.messageId);
    expect(mail.text?.trim()).toBe('No booking yet for C1042.');
    expect(mail.html).toBe(false);
    expect(JSON.stringify(mail.to)).toContain('frontdesk@northside.example.com');
    expect(mail.headers.get('x-aftercare-step')).toBe('clinic-follow-up');
    expect(mail.headers.get('list-unsubscribe')).toBeUndefined();
  });

  it('logs carry ids, never the address or the phone', async () => {
    const log = captureLog();
    smtp.rejectRecipient(EMAIL);
    twilio.failFor(PHONE, { status: 400, code: 21211, message: `The 'To' number ${PHONE} is not a valid phone number.` });
    const { activities } = build({ log });
    const workflowId = newWorkflowId();
    await failureOf(activities.sendEmail({ workflowId, step: 'welcome', to: EMAIL, subject: 's', text: 't', html: '<p>h</p>' }));
    await failureOf(activities.sendSms({ workflowId, step: 'welcome', to: PHONE, body: 'Hello Jordan' }));
    await activities.notifyClinic({ workflowId, step: 'welcome', notice: 'unreachable', to: 'frontdesk@northside.example.com', subject: 's', text: 'Jordan unreachable' });
    expect(log.lines.length).toBeGreaterThanOrEqual(3);
    expectNoPersonalData(log.lines.join('\n'));
  });
});
