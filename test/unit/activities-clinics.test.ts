/**
 * The send activities with the clinic read at send time (runs since clinic-read-at-send-time):
 * what the client reads is rendered with the clinic's current details, and it goes from the
 * clinic's own sender (Twilio stand-in, SMTP sink, outbox file).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApplicationFailure, type LogMetadata } from '@temporalio/common';
import type { ParsedMail } from 'mailparser';
import { createActivities, type ActivityLog, type ClientMessageRequest } from '../../activities';
import { InMemorySendRecordStore } from '../../activities/send-records';
import { createClinicOutboxSenders, createClinicTwilioSenders, clinicTwilioRoute } from '../../activities/sms/clinic-senders';
import { readOutbox } from '../../activities/sms/outbox-sms';
import { createSmtpMailer, type SmtpMailer } from '../../activities/email/smtp-mailer';
import { CLINIC, inputAt } from '../../dev/aftercare-harness';
import { clinicRecord, MemoryClinicDirectory } from '../../dev/memory-clinics';
import { startSmtpSink, type SmtpSink } from '../../dev/smtp-sink';
import { startTwilioStandIn, type TwilioStandIn } from '../../dev/twilio-stand-in';
import type { Clinic, ClinicDirectory } from '../../domain/clinic';
import { healingPhaseOnDay } from '../../domain/steps';
import { planOf } from '../../workflows/contract';
import { PERMANENT_FAILURE, TRANSIENT_FAILURE } from '../../activities/types';

const PLATFORM_FROM = '+13125559999';
const PHONE = '+12125554477';
const EMAIL = 'jordan@example.com';

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

/** What a run since the patch passes for book-next (which names the booking link and the phone). */
function request(): ClientMessageRequest {
  const input = inputAt(Date.now());
  return {
    clinicId: CLINIC.id,
    clinicSnapshot: { name: CLINIC.name, phone: CLINIC.phone, bookingUrl: CLINIC.bookingUrl },
    context: {
      clientFirstName: input.client.firstName,
      sessionNumber: 1,
      plannedSessions: 3,
      timezone: input.client.timezone,
      currentPhase: healingPhaseOnDay(10),
      plan: planOf(input),
    },
  };
}

const MOVED = { name: 'Northside Studio (new site)', phone: '+1 212 555 0188', bookingUrl: 'https://northside.example.com/book-again' };

function captureLog(): ActivityLog & { lines: string[] } {
  const lines: string[] = [];
  const push = (message: string, meta?: LogMetadata) => lines.push(`${message} ${JSON.stringify(meta ?? {})}`);
  return { lines, info: push, warn: push };
}

let seq = 0;
const key = () => ({ workflowId: `aftercare-northside-C${3000 + ++seq}-s1`, step: 'book-next' as const });

function build(clinics: ClinicDirectory, opts: { log?: ActivityLog; env?: Record<string, string> } = {}) {
  const senders = createClinicTwilioSenders({
    platform: { accountSid: twilio.accountSid, authToken: twilio.authToken, from: PLATFORM_FROM },
    apiBaseUrl: twilio.baseUrl,
    timeoutMs: 5_000,
    env: opts.env ?? {},
  });
  const mail = createSmtpMailer({ url: smtp.url, from: 'Aftercare <aftercare@example.com>', timeoutMs: 5_000 });
  mailers.push(mail);
  return createActivities({
    sms: senders.platform,
    smsFor: senders.smsFor,
    clinics,
    mail,
    records: new InMemorySendRecordStore(),
    ...(opts.log ? { log: opts.log } : {}),
  });
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

const addresses = (field: ParsedMail['from'] | ParsedMail['to'] | ParsedMail['replyTo']) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => v.address));

describe('sendSms and sendEmail render with the clinic as it is now', () => {
  it('a text names the clinic\'s current booking link and goes from its own number', async () => {
    const clinics = new MemoryClinicDirectory([clinicRecord({ ...CLINIC, ...MOVED }, { sms: { from: '+13125550142', ratePerSecond: 1 } })]);
    await build(clinics).sendSms({ ...key(), to: PHONE, message: request() });
    expect(twilio.messages).toHaveLength(1);
    expect(twilio.messages[0]!.body).toContain(MOVED.bookingUrl);
    expect(twilio.messages[0]!.body).not.toContain(CLINIC.bookingUrl);
    expect(twilio.messages[0]!.from).toBe('+13125550142');
  });

  it('a clinic without a sender of its own sends from the platform\'s number; a rendered body still goes as it is', async () => {
    const clinics = new MemoryClinicDirectory([clinicRecord(CLINIC)]);
    const activities = build(clinics);
    await activities.sendSms({ ...key(), to: PHONE, message: request() });
    await activities.sendSms({ ...key(), to: PHONE, body: 'Rendered by a run from before the patch' });
    expect(twilio.messages.map((m) => m.from)).toEqual([PLATFORM_FROM, PLATFORM_FROM]);
    expect(twilio.messages[1]!.body).toBe('Rendered by a run from before the patch');
  });

  it('an email is rendered with the current phone and link, From and Reply-To the clinic\'s own', async () => {
    const clinics = new MemoryClinicDirectory([
      clinicRecord({ ...CLINIC, ...MOVED }, { emailFrom: 'Northside Studio <care@northside.example.com>', replyTo: 'desk@northside.example.com' }),
    ]);
    await build(clinics).sendEmail({ ...key(), to: EMAIL, message: request() });
    const [mail] = smtp.messages;
    expect(mail?.text).toContain(MOVED.phone);
    expect(mail?.text).toContain(MOVED.bookingUrl);
    expect(mail?.text).not.toContain(CLINIC.phone);
    expect(addresses(mail?.from)).toEqual(['care@northside.example.com']);
    expect(addresses(mail?.replyTo)).toEqual(['desk@northside.example.com']);
  });

  it('a notice goes to the clinic\'s current email; without a clinic id, to the address given', async () => {
    const clinics = new MemoryClinicDirectory([clinicRecord({ ...CLINIC, email: 'moved@northside.example.com' })]);
    const activities = build(clinics);
    const notice = { step: 'clinic-follow-up' as const, notice: 'clinic-follow-up', to: CLINIC.email, subject: 'Call the client', text: 'Please call.' };
    await activities.notifyClinic({ ...notice, workflowId: key().workflowId, clinicId: CLINIC.id });
    await activities.notifyClinic({ ...notice, workflowId: key().workflowId });
    expect(smtp.messages.map((m) => addresses(m.to))).toEqual([['moved@northside.example.com'], [CLINIC.email]]);
  });

  it('a clinic the directory does not know: the enrolment copy, the platform sender, and a warning without personal data', async () => {
    const log = captureLog();
    await build(new MemoryClinicDirectory(), { log }).sendSms({ ...key(), to: PHONE, message: request() });
    expect(twilio.messages[0]!.body).toContain(CLINIC.bookingUrl);
    expect(twilio.messages[0]!.from).toBe(PLATFORM_FROM);
    const warning = log.lines.find((l) => l.startsWith('clinic unknown at send time'));
    expect(warning).toContain('"clinicId":"northside"');
    for (const line of log.lines) {
      expect(line).not.toContain(PHONE);
      expect(line).not.toMatch(/jordan/i);
    }
  });

  it('a directory that cannot be read is a retryable failure, and nothing is sent', async () => {
    const broken: ClinicDirectory = { get: () => Promise.reject(new Error('connect ECONNREFUSED postgres://u:secret@db')), list: async () => [] };
    const failure = await failureOf(build(broken).sendSms({ ...key(), to: PHONE, message: request() }));
    expect(failure.type).toBe(TRANSIENT_FAILURE.clinicDirectoryUnavailable);
    expect(failure.nonRetryable).toBe(false);
    expect(failure.message).not.toContain('secret');
    expect(twilio.requests).toEqual([]);
  });
});

describe('which sender a clinic\'s texts go from', () => {
  const platform = { accountSid: `AC${'0'.repeat(32)}`, authToken: 'platform-token', from: PLATFORM_FROM };
  const clinic = (sms: Clinic['sms']) => clinicRecord(CLINIC, { sms });

  it('its messaging service before its number, its number before the platform\'s', () => {
    expect(clinicTwilioRoute(clinic({ ratePerSecond: 1 }), platform, {}).sender).toEqual({ from: PLATFORM_FROM });
    expect(clinicTwilioRoute(clinic({ from: '+13125550142', ratePerSecond: 1 }), platform, {}).sender).toEqual({ from: '+13125550142' });
    const both = clinicTwilioRoute(clinic({ from: '+13125550142', messagingServiceSid: 'MG1', ratePerSecond: 1 }), platform, {});
    expect(both).toEqual({ account: platform, sender: { messagingServiceSid: 'MG1' } });
  });

  it('a sub-account with the token from the variable it names', () => {
    const route = clinicTwilioRoute(clinic({ from: '+13125550142', accountSid: 'ACsub', authTokenEnv: 'NORTHSIDE_TOKEN', ratePerSecond: 1 }), platform, { NORTHSIDE_TOKEN: 'sub-token' });
    expect(route).toEqual({ account: { accountSid: 'ACsub', authToken: 'sub-token' }, sender: { from: '+13125550142' } });
  });

  it('an unset token variable, or a sub-account without a number of its own, is a permanent failure naming the clinic and variable', () => {
    const unset = (() => {
      try {
        clinicTwilioRoute(clinic({ from: '+13125550142', accountSid: 'ACsub', authTokenEnv: 'NORTHSIDE_TOKEN', ratePerSecond: 1 }), platform, {});
      } catch (err) {
        return err as ApplicationFailure;
      }
      throw new Error('expected a failure');
    })();
    expect(unset).toMatchObject({ type: PERMANENT_FAILURE.smsSenderMisconfigured, nonRetryable: true });
    expect(unset.message).toContain("clinic 'northside'");
    expect(unset.message).toContain('NORTHSIDE_TOKEN');
    expect(() => clinicTwilioRoute(clinic({ accountSid: 'ACsub', authTokenEnv: 'T', ratePerSecond: 1 }), platform, { T: 'x' })).toThrow(/no number or messaging service of its own/);
  });

  it('senders are made once per account and number, and shared by clinics that use the same', () => {
    const senders = createClinicTwilioSenders({ platform, apiBaseUrl: twilio.baseUrl });
    const a = clinicRecord({ ...CLINIC, id: 'a' }, { sms: { ratePerSecond: 1 } });
    const b = clinicRecord({ ...CLINIC, id: 'b' }, { sms: { ratePerSecond: 1 } });
    const c = clinicRecord({ ...CLINIC, id: 'c' }, { sms: { from: '+13125550142', ratePerSecond: 1 } });
    expect(senders.smsFor(a)).toBe(senders.platform);
    expect(senders.smsFor(b)).toBe(senders.platform);
    expect(senders.smsFor(c)).toBe(senders.smsFor(c));
    expect(senders.smsFor(c)).not.toBe(senders.platform);
  });

  it('a sub-account\'s texts go through that account at the provider', async () => {
    const sub = twilio.addAccount();
    const clinics = new MemoryClinicDirectory([clinicRecord(CLINIC, { sms: { messagingServiceSid: 'MG' + 'a'.repeat(32), accountSid: sub.accountSid, authTokenEnv: 'SUB_TOKEN', ratePerSecond: 1 } })]);
    await build(clinics, { env: { SUB_TOKEN: sub.authToken } }).sendSms({ ...key(), to: PHONE, message: request() });
    expect(twilio.messages[0]).toMatchObject({ accountSid: sub.accountSid, messagingServiceSid: 'MG' + 'a'.repeat(32) });
  });

  it('without Twilio credentials, each clinic\'s texts go to the outbox labelled with its clinic id', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'outbox-')), 'sms-outbox.jsonl');
    const senders = createClinicOutboxSenders(file);
    await senders.smsFor(clinicRecord(CLINIC)).send({ to: PHONE, body: 'one', idempotencyKey: 'wf-1:welcome:sms' });
    await senders.smsFor(clinicRecord({ ...CLINIC, id: 'harbour' })).send({ to: PHONE, body: 'two', idempotencyKey: 'wf-2:welcome:sms' });
    await senders.platform.send({ to: PHONE, body: 'three', idempotencyKey: 'wf-3:welcome:sms' });
    expect((await readOutbox(file)).map((e) => [e.body, e.clinicId])).toEqual([['one', 'northside'], ['two', 'harbour'], ['three', undefined]]);
  });
});
