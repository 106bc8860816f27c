/**
 * The sends of an urgent reply (activities/urgent-replies.ts): the clinic's alert to its on-call
 * phone and the client's answer, each once per message SID however often the activity runs, from
 * the clinic's own sender, and a number that cannot take texts is a permanent failure.
 */
import { clientPageUrl } from '../../domain/url';
import { ApplicationFailure } from '@temporalio/common';
import { createActivities } from '../../activities';
import { InMemorySendRecordStore } from '../../activities/send-records';
import { createClinicTwilioSenders } from '../../activities/sms/clinic-senders';
import { createSmtpMailer, type SmtpMailer } from '../../activities/email/smtp-mailer';
import { PERMANENT_FAILURE } from '../../activities/types';
import { CLINIC } from '../../dev/aftercare-harness';
import { clinicRecord, MemoryClinicDirectory } from '../../dev/memory-clinics';
import { startSmtpSink, type SmtpSink } from '../../dev/smtp-sink';
import { startTwilioStandIn, type TwilioStandIn } from '../../dev/twilio-stand-in';

const ON_CALL = '+12125550188';
const CLIENT = '+12125554477';
const CLINIC_FROM = '+13125550142';

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

function build(onCallPhone?: string, clientPageUrl?: (workflowId: string) => string) {
  const clinics = new MemoryClinicDirectory([clinicRecord(CLINIC, { sms: { from: CLINIC_FROM, ratePerSecond: 10 }, ...(onCallPhone ? { onCallPhone } : {}) })]);
  const senders = createClinicTwilioSenders({ platform: { accountSid: twilio.accountSid, authToken: twilio.authToken, from: '+13125559999' }, apiBaseUrl: twilio.baseUrl, timeoutMs: 5_000, env: {} });
  const mail = createSmtpMailer({ url: smtp.url, from: 'Aftercare <aftercare@example.com>', timeoutMs: 5_000 });
  mailers.push(mail);
  return createActivities({ sms: senders.platform, smsFor: senders.smsFor, clinics, mail, records: new InMemorySendRecordStore(), ...(clientPageUrl ? { clientPageUrl } : {}) });
}

const urgent = { workflowId: 'aftercare-northside-C4001-s1', messageSid: 'SMurgent0001', clinicId: CLINIC.id, clinicSnapshot: { name: CLINIC.name, phone: CLINIC.phone } };

describe('urgent reply activities', () => {
  it("texts the clinic's on-call phone from its own sender once per message SID, with no health detail", async () => {
    const a = build(ON_CALL);
    const first = await a.alertClinicBySms({ ...urgent, clientRef: 'C4001', sessionNumber: 1 });
    const again = await a.alertClinicBySms({ ...urgent, clientRef: 'C4001', sessionNumber: 1 });
    expect(first.alreadySent).toBe(false);
    expect(again).toMatchObject({ alreadySent: true, providerId: first.providerId });
    expect(twilio.messages.map((m) => [m.to, m.from])).toEqual([[ON_CALL, CLINIC_FROM]]);
    expect(twilio.messages[0]!.body).toMatch(/URGENT/);
    expect(twilio.messages[0]!.body).toContain('C4001');
    // Another text of the client is another alert.
    await a.alertClinicBySms({ ...urgent, messageSid: 'SMurgent0002', clientRef: 'C4001', sessionNumber: 1 });
    expect(twilio.messages).toHaveLength(2);
  });

  it("links the client's page in the front desk when the worker knows its address", async () => {
    await build(ON_CALL, (wf) => clientPageUrl('https://desk.example.com/', wf)).alertClinicBySms({ ...urgent, clientRef: 'C4001', sessionNumber: 1 });
    expect(twilio.messages[0]!.body).toContain('https://desk.example.com/#/client/aftercare-northside-C4001-s1');
  });

  it("falls back to the clinic's phone without an on-call number", async () => {
    await build().alertClinicBySms({ ...urgent, clientRef: 'C4001', sessionNumber: 1 });
    expect(twilio.messages.map((m) => m.to)).toEqual(['+12125554477']);
  });

  it('answers the client once by text, or by email', async () => {
    const a = build(ON_CALL);
    await a.answerUrgentReply({ ...urgent, channel: 'sms', to: CLIENT, clientFirstName: 'Jordan' });
    await a.answerUrgentReply({ ...urgent, channel: 'sms', to: CLIENT, clientFirstName: 'Jordan' });
    expect(twilio.messages.map((m) => m.to)).toEqual([CLIENT]);
    expect(twilio.messages[0]!.body).toMatch(/medical care/);
    await a.answerUrgentReply({ ...urgent, channel: 'email', to: 'jordan@example.com', clientFirstName: 'Jordan' });
    await a.answerUrgentReply({ ...urgent, channel: 'email', to: 'jordan@example.com', clientFirstName: 'Jordan' });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.text).toMatch(/medical care/);
  });

  it("writes the clinic's phone the way the client dials it from their region", async () => {
    const a = build(ON_CALL);
    await a.answerUrgentReply({ ...urgent, channel: 'sms', to: CLIENT, clientFirstName: 'Jordan', clientRegion: 'US' });
    await a.answerUrgentReply({ ...urgent, messageSid: 'SMurgent0003', channel: 'sms', to: CLIENT, clientFirstName: 'Jordan', clientRegion: 'GB' });
    expect(twilio.messages.map((m) => m.body.match(/\(212\) 555-\d{4}|\+1 212 555 \d{4}/)?.[0])).toEqual(['(212) 555-4477', '+1 212 555 4477']);
  });

  it("answers in the client's language", async () => {
    const a = build(ON_CALL);
    await a.answerUrgentReply({ ...urgent, channel: 'sms', to: CLIENT, clientFirstName: 'Jordan', clientRegion: 'US', locale: 'es' });
    expect(twilio.messages[0]!.body).toMatch(/¡Hola, Jordan! .*busca atencion médica ya/);
    await a.answerUrgentReply({ ...urgent, channel: 'email', to: 'jordan@example.com', clientFirstName: 'Jordan', locale: 'es' });
    expect(smtp.messages[0]!.text).toMatch(/^Hola, Jordan:/);
    expect(smtp.messages[0]!.text).toMatch(/busca atención médica ya/);
  });

  it('a number that cannot take texts is a permanent failure', async () => {
    twilio.failFor(ON_CALL, { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
    const err = await build(ON_CALL).alertClinicBySms({ ...urgent, clientRef: 'C4001', sessionNumber: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: PERMANENT_FAILURE.smsInvalidNumber, nonRetryable: true });
  });
});
