/**
 * The Twilio webhooks (api/webhooks/) against a real Temporal dev server (visibility finds
 * workflows by PhoneHash) and a real worker with the real activities, the Twilio stand-in and the
 * SMTP sink. Requests are signed with the twilio package's own helper, or by
 * examples/send-inbound-sms.ts, and posted over real HTTP to a listening app.
 */
import { startSearchAttributes } from '../../app/enrollment-service';
import { regionFromPhone } from '../../domain/compliance/profile';
import { readablePhone } from '../../domain/phone';
import type { AddressInfo } from 'node:net';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FastifyInstance } from 'fastify';
import twilio from 'twilio';
import { IdempotencyCache } from '../../api/idempotency';
import { buildApp, type ApiConfig } from '../../api/server';
import { inboundIntent } from '../../api/webhooks/twilio-inbound';
import { phoneHash } from '../../app/phone-hash';
import { resendStep } from '../../app/resend';
import { profileOf, type ClinicProfile, type ClinicSmsSender } from '../../domain/clinic';
import { addClinics, clinicRecord } from '../../dev/clinics';
import { sendInboundSms, twilioSignature } from '../../examples/send-inbound-sms';
import { statusQuery, type AftercareInput, type AftercareStatus } from '../../workflows/contract';
import { workflowIdFor } from '../../domain/identifiers';
import type { Language } from '../../domain/i18n';
import { createLogger } from '../../platform/logger';
import { CLINIC, inputAt, type Harness } from '../../dev/aftercare-harness';
import { eventually, middayZone } from '../support/eventually';
import { startApiStack } from '../support/api-stack';

jest.setTimeout(240_000);

const PUBLIC_BASE_URL = 'https://aftercare.example.com';
const AUTH_TOKEN = 'twilio-auth-token-for-webhook-tests';
const PHONE_HASH_KEY = 'phone-hash-key-for-webhook-tests';
const CONFIG: ApiConfig = {
  API_KEY: 'webhook-tests-api-key-0123456789',
  PUBLIC_BASE_URL,
  TWILIO_AUTH_TOKEN: AUTH_TOKEN,
  TWILIO_WEBHOOK_AUTH_TOKEN: undefined,
  PHONE_HASH_KEY,
  API_RATE_LIMIT_PER_MINUTE: 1000,
};
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/** A zone where it is now mid-day, so the welcome goes at once whenever the suite runs. */
let stack: Awaited<ReturnType<typeof startApiStack>>;
let env: TestWorkflowEnvironment;
let h: Harness;
let app: FastifyInstance;
let baseUrl: string;
const started: string[] = [];
let phoneCounter = 0;

beforeAll(async () => {
  stack = await startApiStack({ clinics: new Map([[CLINIC.id, CLINIC]]), config: CONFIG, logger: createLogger({ write: () => undefined }) });
  ({ env, h, app, baseUrl } = stack);
});

afterAll(async () => {
  await stack?.stop();
});

/** A phone number no other test uses. */
const newPhone = () => `+1646555${String(1000 + ++phoneCounter).slice(-4)}`;

/** Starts an aftercare workflow as enrollment does (PhoneHash and the other search attributes set), on the harness's queue. */
async function startClient(phone: string, opts: { clientRef?: string; demoSecondsPerDay?: number; clinic?: ClinicProfile; locale?: Language } = {}): Promise<string> {
  const clientRef = opts.clientRef ?? `WH${Date.now().toString(36)}${phoneCounter}${started.length}`;
  const clinic = opts.clinic ? profileOf(opts.clinic) : CLINIC;
  const base = inputAt(Date.now(), { clientRef, clinic });
  const input: AftercareInput = {
    ...base,
    client: { ...base.client, phone, timezone: middayZone(), ...(opts.locale ? { locale: opts.locale } : {}) },
    phoneHash: phoneHash(phone, PHONE_HASH_KEY),
    ...(opts.demoSecondsPerDay ? { demoSecondsPerDay: opts.demoSecondsPerDay } : {}),
  };
  const workflowId = workflowIdFor(clinic.id, clientRef, 1);
  await env.client.workflow.start('aftercareWorkflow', {
    taskQueue: h.taskQueue,
    workflowId,
    args: [input],
    typedSearchAttributes: startSearchAttributes(input),
  });
  started.push(workflowId);
  return workflowId;
}

/** Visibility is eventually consistent: wait until the phone's workflows can be found. */
async function untilVisible(phone: string, count: number): Promise<void> {
  const query = `WorkflowType = 'aftercareWorkflow' AND ExecutionStatus = 'Running' AND PhoneHash = '${phoneHash(phone, PHONE_HASH_KEY)}'`;
  const n = await eventually(
    async () => {
      let found = 0;
      for await (const wf of env.client.workflow.list({ query })) if (wf) found++;
      return found;
    },
    (found) => found >= count,
  );
  expect(n).toBe(count);
}

const status = (workflowId: string) => env.client.workflow.getHandle(workflowId).query(statusQuery);

let sidCounter = 0;
const newSid = () => `SM${(Date.now().toString(16) + String(++sidCounter).padStart(6, '0')).padStart(32, '0')}`;

/** Posts a form as Twilio would; signed with the twilio package's helper unless `signature` is given. */
async function postWebhook(
  pathAndQuery: string,
  params: Record<string, string>,
  opts: { signature?: string; idempotencyToken?: string; target?: string } = {},
): Promise<{ status: number; type: string; body: string }> {
  const signature = opts.signature ?? twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_BASE_URL}${pathAndQuery}`, params);
  const res = await fetch(`${opts.target ?? baseUrl}${pathAndQuery}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signature,
      ...(opts.idempotencyToken ? { 'i-twilio-idempotency-token': opts.idempotencyToken } : {}),
    },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

const inbound = (from: string, body: string, extra: Record<string, string> = {}) => ({
  AccountSid: `AC${'1'.repeat(32)}`,
  From: from,
  To: '+13125559999',
  Body: body,
  MessageSid: newSid(),
  NumMedia: '0',
  ...extra,
});

async function signalsNamed(workflowId: string, name: string): Promise<number> {
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === name).length;
}

describe('signatures', () => {
  it("accepts Twilio's documented example (auth token 12345) with validateRequest, and the example script signs the same way", () => {
    // https://www.twilio.com/docs/usage/security, "Validating Requests are coming from Twilio".
    const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
    const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };
    const expected = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';
    expect(twilio.validateRequest('12345', expected, url, params)).toBe(true);
    expect(twilio.getExpectedTwilioSignature('12345', url, params)).toBe(expected);
    expect(twilioSignature('12345', url, params)).toBe(expected);
    expect(twilio.validateRequest('12345', expected, url, { ...params, Digits: '1235' })).toBe(false);
  });

  it('refuses a forged, missing or misdirected signature with 403 on both webhooks, and changes nothing', async () => {
    const phone = newPhone();
    const workflowId = await startClient(phone);
    await untilVisible(phone, 1);
    const params = inbound(phone, 'STOP');
    const forged = await postWebhook('/webhooks/twilio/inbound', params, { signature: twilio.getExpectedTwilioSignature('not-the-token', `${PUBLIC_BASE_URL}/webhooks/twilio/inbound`, params) });
    expect(forged.status).toBe(403);
    expect(JSON.parse(forged.body)).toMatchObject({ error: 'forbidden' });
    const missing = await fetch(`${baseUrl}/webhooks/twilio/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    });
    expect(missing.status).toBe(403);
    // Signed for another address: the URL is part of what is signed.
    const elsewhere = await postWebhook('/webhooks/twilio/inbound', params, {
      signature: twilio.getExpectedTwilioSignature(AUTH_TOKEN, 'https://attacker.example.com/webhooks/twilio/inbound', params),
    });
    expect(elsewhere.status).toBe(403);
    // A changed parameter breaks the signature.
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_BASE_URL}/webhooks/twilio/inbound`, params);
    const tampered = await postWebhook('/webhooks/twilio/inbound', { ...params, Body: 'START' }, { signature });
    expect(tampered.status).toBe(403);
    const statusForged = await postWebhook(`/webhooks/twilio/status?wf=${workflowId}&step=welcome&channel=sms`, { MessageStatus: 'failed' }, { signature: 'AAAA' });
    expect(statusForged.status).toBe(403);

    expect(await signalsNamed(workflowId, 'optOut')).toBe(0);
    expect((await status(workflowId)).channels.sms).toBe('active');
  });

  it('answers 503 naming PUBLIC_BASE_URL when it is not set (signatures cannot be checked), and 503 without a token', async () => {
    for (const [config, word] of [
      [{ ...CONFIG, PUBLIC_BASE_URL: undefined }, 'PUBLIC_BASE_URL'],
      [{ ...CONFIG, TWILIO_AUTH_TOKEN: undefined }, 'TWILIO_AUTH_TOKEN'],
    ] as const) {
      const bare = await buildApp({ temporalClient: env.client, clinics: stack.clinics, access: stack.access, config, logger: createLogger({ write: () => undefined }) });
      await bare.listen({ port: 0, host: '127.0.0.1' });
      try {
        const res = await postWebhook('/webhooks/twilio/inbound', inbound('+12125550000', 'STOP'), {
          target: `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}`,
        });
        expect(res.status).toBe(503);
        expect(JSON.parse(res.body)).toMatchObject({ error: 'not_configured', message: expect.stringContaining(word) });
      } finally {
        await bare.close();
      }
    }
  });
});

describe('POST /webhooks/twilio/inbound', () => {
  it('recognizes keywords in any case with surrounding spaces and punctuation, and nothing else', () => {
    for (const w of ['STOP', 'stop', ' Stop. ', 'STOPALL', 'unsubscribe!', 'Cancel', 'END', 'quit', 'REVOKE', 'OptOut', '"stop"']) expect(inboundIntent(w)).toBe('opt-out');
    for (const w of ['START', 'unstop', 'Start!']) expect(inboundIntent(w)).toBe('opt-in');
    for (const w of ['HELP', 'help?', 'Info']) expect(inboundIntent(w)).toBe('help');
    for (const w of ['BOOK', 'yes', 'Yes!', ' book ']) expect(inboundIntent(w)).toBe('wants-to-book');
    for (const w of ['stop texting me', 'yes please book me', 'S T O P', 'STOPP', '', 'Is redness normal?']) expect(inboundIntent(w)).toBe('message');
    for (const w of ['PARAR', 'alto', 'Baja.', 'CANCELAR']) expect(inboundIntent(w)).toBe('opt-out');
    for (const w of ['COMENZAR', 'Alta', 'reanudar']) expect(inboundIntent(w)).toBe('opt-in');
    for (const w of ['AYUDA', 'AYÚDA', 'ayuda?']) expect(inboundIntent(w)).toBe('help');
    for (const w of ['CITA', 'Reservar', 'Sí']) expect(inboundIntent(w)).toBe('wants-to-book');
  });

  it("STOP opts the number out of SMS on every running aftercare of that phone, and the next step goes by email only; START opts back in", async () => {
    const phone = newPhone();
    const other = newPhone();
    // A compressed timeline (one day = 15 s) so that the next step comes soon.
    const first = await startClient(phone, { demoSecondsPerDay: 15 });
    const second = await startClient(phone);
    const bystander = await startClient(other);
    await untilVisible(phone, 2);
    await untilVisible(other, 1);
    // The welcome went by SMS and email.
    await eventually(() => status(first), (s) => s.sent.filter((r) => r.id === 'welcome').length === 2);

    const res = await postWebhook('/webhooks/twilio/inbound', inbound(phone, '  Stop. '));
    expect(res).toEqual({ status: 200, type: 'text/xml; charset=utf-8', body: EMPTY_TWIML });
    for (const id of [first, second]) {
      expect((await eventually(() => status(id), (s) => s.channels.sms === 'opted-out')).channels).toEqual({ sms: 'opted-out', email: 'active' });
    }
    expect((await status(bystander)).channels.sms).toBe('active');

    // The next step (days 1-4) goes by email only.
    const after = await eventually(() => status(first), (s) => s.sent.some((r) => r.id === 'days-1-4'), 90_000);
    expect(after.sent.filter((r) => r.id === 'days-1-4').map((r) => r.channel)).toEqual(['email']);
    const smsSteps = h.twilio.messages.filter((m) => new URL(m.statusCallback!).searchParams.get('wf') === first).map((m) => new URL(m.statusCallback!).searchParams.get('step'));
    expect(smsSteps).toEqual(['welcome']);
    expect(h.smtp.messages.some((m) => m.headers.get('x-aftercare-workflow') === first && m.headers.get('x-aftercare-step') === 'days-1-4')).toBe(true);

    const back = await postWebhook('/webhooks/twilio/inbound', inbound(phone, 'start'));
    expect(back.body).toBe(EMPTY_TWIML);
    await eventually(() => status(second), (s) => s.channels.sms === 'active');
    expect((await status(second)).channels.sms).toBe('active');
  });

  it('PARAR (Spanish STOP, which Twilio does not know) opts the number out on every running plan of that phone, confirmed in Spanish; COMENZAR opts back in', async () => {
    const phone = newPhone();
    const other = newPhone();
    const first = await startClient(phone, { locale: 'es' });
    const second = await startClient(phone);
    const bystander = await startClient(other, { locale: 'es' });
    await untilVisible(phone, 2);
    await untilVisible(other, 1);

    const res = await postWebhook('/webhooks/twilio/inbound', inbound(phone, ' Parar. '));
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/<Message>Hecho: dejamos de enviarte mensajes de cuidado por SMS\. Responde COMENZAR para volver a recibirlos\.<\/Message>/);
    for (const id of [first, second]) {
      expect((await eventually(() => status(id), (s) => s.channels.sms === 'opted-out')).channels).toEqual({ sms: 'opted-out', email: 'active' });
    }
    expect(await signalsNamed(first, 'optOut')).toBe(1);
    expect((await status(bystander)).channels.sms).toBe('active');

    const back = await postWebhook('/webhooks/twilio/inbound', inbound(phone, 'COMENZAR'));
    expect(back.body).toMatch(/<Message>Hecho: vuelves a recibir .*Responde PARAR para dejar de recibirlos\.<\/Message>/);
    for (const id of [first, second]) await eventually(() => status(id), (s) => s.channels.sms === 'active');

    // Twilio confirms its own English words: STOP still gets nothing from us.
    expect((await postWebhook('/webhooks/twilio/inbound', inbound(phone, 'STOP'))).body).toBe(EMPTY_TWIML);
  });

  it("AYUDA and a Spanish client's texts are answered in the plan's language; HELP to an English plan in English", async () => {
    const spanish = newPhone();
    const english = newPhone();
    const es = await startClient(spanish, { locale: 'es' });
    await startClient(english);
    await untilVisible(spanish, 1);
    await untilVisible(english, 1);
    expect((await status(es)).locale).toBe('es');

    const help = await postWebhook('/webhooks/twilio/inbound', inbound(spanish, 'Ayúda'));
    expect(help.body).toContain(`<Message>${CLINIC.name}: mensajes de cuidado tras tu tratamiento. Para dudas o para pedir cita, llama al ${readablePhone(CLINIC.phone, 'US')}. Responde PARAR para dejar de recibirlos, COMENZAR para volver a recibirlos.</Message>`);
    const book = await postWebhook('/webhooks/twilio/inbound', inbound(spanish, 'CITA'));
    expect(book.body).toContain(`<Message>¡Gracias! Hemos avisado a ${CLINIC.name} de que quieres pedir cita.`);
    expect(await eventually(() => signalsNamed(es, 'clientReply'), (n) => n === 1)).toBe(1);
    const question = await postWebhook('/webhooks/twilio/inbound', inbound(spanish, '¿Puedo lavarme la cabeza hoy?'));
    expect(question.body).toContain(`<Message>Gracias, ${CLINIC.name} tiene tu mensaje`);

    const englishHelp = await postWebhook('/webhooks/twilio/inbound', inbound(english, 'HELP'));
    expect(englishHelp.body).toContain(`<Message>${CLINIC.name}: aftercare texts after your treatment.`);
  });

  it('answers a retried delivery (same I-Twilio-Idempotency-Token) the same way without doing anything again', async () => {
    const phone = newPhone();
    const workflowId = await startClient(phone);
    await untilVisible(phone, 1);
    const token = `idem-${Date.now()}`;
    const firstTry = await postWebhook('/webhooks/twilio/inbound', inbound(phone, 'Is some itching normal?'), { idempotencyToken: token });
    // A retry: same token (a new MessageSid too, so that only the token can tell).
    const retry = await postWebhook('/webhooks/twilio/inbound', inbound(phone, 'Is some itching normal?'), { idempotencyToken: token });
    expect(retry).toEqual(firstTry);
    expect(firstTry.status).toBe(200);
    const subject = /^Text message from Jordan/;
    await eventually(async () => h.smtp.messages.filter((m) => m.subject && subject.test(m.subject) && m.text?.includes(workflowId)).length, (n) => n >= 1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await signalsNamed(workflowId, 'clientReply')).toBe(1);

    // Another token is another delivery.
    await postWebhook('/webhooks/twilio/inbound', inbound(phone, 'Thanks!'), { idempotencyToken: `${token}-2` });
    expect(await eventually(() => signalsNamed(workflowId, 'clientReply'), (n) => n === 2)).toBe(2);
  });

  it('a captured START replayed with a new idempotency token after a STOP changes nothing (same signed MessageSid), and answers as the first time', async () => {
    const phone = newPhone();
    const workflowId = await startClient(phone);
    await untilVisible(phone, 1);
    await postWebhook('/webhooks/twilio/inbound', inbound(phone, 'STOP'), { idempotencyToken: `stop-1-${phone}` });
    const start = inbound(phone, 'START');
    const firstStart = await postWebhook('/webhooks/twilio/inbound', start, { idempotencyToken: `start-${phone}` });
    await eventually(() => status(workflowId), (s) => s.channels.sms === 'active');
    await postWebhook('/webhooks/twilio/inbound', inbound(phone, 'STOP'), { idempotencyToken: `stop-2-${phone}` });
    await eventually(() => status(workflowId), (s) => s.channels.sms === 'opted-out');
    const optIns = await signalsNamed(workflowId, 'optIn');
    expect(optIns).toBe(1);

    // The attacker's copy: the same signed form, a token of their own, and none at all.
    const replayed = await postWebhook('/webhooks/twilio/inbound', start, { idempotencyToken: `attacker-${phone}` });
    const bare = await postWebhook('/webhooks/twilio/inbound', start);
    expect(replayed).toEqual(firstStart);
    expect(bare).toEqual(firstStart);
    // Signals are delivered before the webhook answers: none came of the replays.
    expect(await signalsNamed(workflowId, 'optIn')).toBe(optIns);
    expect((await status(workflowId)).channels.sms).toBe('opted-out');
  });

  it('a START replayed after a STOP to another API process (or after a restart) changes nothing either: handled deliveries are kept in the database', async () => {
    const phone = newPhone();
    const workflowId = await startClient(phone);
    await untilVisible(phone, 1);
    const start = inbound(phone, 'START');
    await postWebhook('/webhooks/twilio/inbound', inbound(phone, 'STOP'), { idempotencyToken: `stop-a-${phone}` });
    await eventually(() => status(workflowId), (s) => s.channels.sms === 'opted-out');
    const firstStart = await postWebhook('/webhooks/twilio/inbound', start, { idempotencyToken: `start-a-${phone}` });
    await eventually(() => status(workflowId), (s) => s.channels.sms === 'active');
    await postWebhook('/webhooks/twilio/inbound', inbound(phone, 'STOP'), { idempotencyToken: `stop-b-${phone}` });
    await eventually(() => status(workflowId), (s) => s.channels.sms === 'opted-out');
    const optIns = await signalsNamed(workflowId, 'optIn');

    // A second process on the same database: its memory of deliveries is empty.
    const other = await buildApp({ temporalClient: env.client, clinics: stack.clinics, access: stack.access, config: CONFIG, logger: createLogger({ write: () => undefined }) });
    await other.listen({ port: 0, host: '127.0.0.1' });
    try {
      const replayed = await postWebhook('/webhooks/twilio/inbound', start, { idempotencyToken: `attacker-b-${phone}`, target: `http://127.0.0.1:${(other.server.address() as AddressInfo).port}` });
      expect(replayed).toEqual(firstStart);
    } finally {
      await other.close();
    }
    expect(await signalsNamed(workflowId, 'optIn')).toBe(optIns);
    expect((await status(workflowId)).channels.sms).toBe('opted-out');
  });

  it('a replayed client reply (same MessageSid, new token) is not forwarded again', async () => {
    const phone = newPhone();
    const workflowId = await startClient(phone);
    await untilVisible(phone, 1);
    const text = inbound(phone, 'Can I swim this week?');
    const firstTry = await postWebhook('/webhooks/twilio/inbound', text, { idempotencyToken: `reply-${phone}` });
    expect(await eventually(() => signalsNamed(workflowId, 'clientReply'), (n) => n === 1)).toBe(1);
    expect(await postWebhook('/webhooks/twilio/inbound', text, { idempotencyToken: `reply-again-${phone}` })).toEqual(firstTry);
    expect(await signalsNamed(workflowId, 'clientReply')).toBe(1);
  });

  it("triages a free text and passes the class to the run; an urgent one gets no TwiML (the run answers it), a question an acknowledgement", async () => {
    const phone = newPhone();
    const workflowId = await startClient(phone);
    await untilVisible(phone, 1);
    const urgent = await postWebhook('/webhooks/twilio/inbound', inbound(phone, "my scalp is hot and there's yellow pus"));
    expect(urgent.body).toBe(EMPTY_TWIML);
    const question = await postWebhook('/webhooks/twilio/inbound', inbound(phone, 'Can I swim this week?'));
    expect(question.body).toContain(`<Message>Thanks, ${CLINIC.name} has your message`);
    const history = await eventually(
      async () => (await env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [],
      (events) => events.filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'clientReply').length === 2,
    );
    const triages = history
      .filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'clientReply')
      .map((e) => JSON.parse(Buffer.from(e.workflowExecutionSignaledEventAttributes!.input!.payloads![0]!.data!).toString('utf8')).triage.class);
    expect(triages).toEqual(['urgent', 'question']);
  });

  it('HELP answers with TwiML naming the clinic and its phone (signed by the example script)', async () => {
    const phone = newPhone();
    await startClient(phone);
    await untilVisible(phone, 1);
    const answer = await sendInboundSms(
      { from: phone, body: 'help', target: baseUrl },
      { TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_BASE_URL },
    );
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/xml/);
    expect(answer.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Message>.*<\/Message><\/Response>$/);
    expect(answer.body).toContain(CLINIC.name);
    // Written as the client dials it from their own number's country.
    expect(answer.body).toContain(readablePhone(CLINIC.phone, regionFromPhone(phone)));
    expect(answer.body).toContain('STOP');
  });

  it('BOOK (or YES) emails the clinic that the client wants to book', async () => {
    const phone = newPhone();
    const workflowId = await startClient(phone);
    await untilVisible(phone, 1);
    const res = await postWebhook('/webhooks/twilio/inbound', inbound(phone, 'Book'));
    // The client hears at once that the clinic knows.
    expect(res.status).toBe(200);
    expect(res.body).toMatch(new RegExp(`<Message>Thanks! We've told ${CLINIC.name} you'd like to book; .*</Message>`));
    const mails = await eventually(
      async () => h.smtp.messages.filter((m) => /wants to book session 2/.test(m.subject ?? '') && (m.text ?? '').includes(workflowId)),
      (found) => found.length > 0,
    );
    expect(mails).toHaveLength(1);
    const index = h.smtp.messages.indexOf(mails[0]!);
    expect(h.smtp.envelopes[index]!.to).toEqual([CLINIC.email]);
  });

  it('answers STOP and HELP from an unknown number with empty TwiML, BOOK and a text with an acknowledgement, and signals no plan', async () => {
    const phone = newPhone();
    const workflowId = await startClient(phone);
    await untilVisible(phone, 1);
    const clinicNotices = () => h.smtp.messages.filter((m) => /wants to book|Text message from/.test(m.subject ?? '')).length;
    const noticesBefore = clinicNotices();
    for (const body of ['STOP', 'HELP']) {
      const res = await postWebhook('/webhooks/twilio/inbound', inbound('+14155550000', body));
      expect(res).toEqual({ status: 200, type: 'text/xml; charset=utf-8', body: EMPTY_TWIML });
    }
    // Kept for the clinic's inbox (test/e2e/inbox.test.ts), and the client hears it arrived.
    for (const body of ['BOOK', 'hello?']) {
      const res = await postWebhook('/webhooks/twilio/inbound', inbound('+14155550000', body));
      expect(res.body).toContain(`<Message>Thanks`);
    }
    expect(await signalsNamed(workflowId, 'optOut')).toBe(0);
    expect(await signalsNamed(workflowId, 'clientReply')).toBe(0);
    await new Promise((r) => setTimeout(r, 1000));
    expect(clinicNotices()).toBe(noticesBefore);
  });
});

describe('routing by clinic (a client of several clinics)', () => {
  // Two clinics with numbers of their own, two on the platform's number (TWILIO_FROM).
  const PLATFORM_FROM = '+12125550100';
  const withSender = (id: string, name: string, phone: string, sms: Partial<ClinicSmsSender> = {}) =>
    clinicRecord({ ...CLINIC, id, name, phone, email: `frontdesk@${id}.example.com` }, { sms: { ratePerSecond: 1, ...sms } });
  // Not the stack's own 'northside': these clinics join the stack's store, which its worker reads.
  const NORTHSIDE = withSender('northshore', CLINIC.name, '+12125550140', { from: '+12125550147' });
  const HARBOUR = withSender('harbour', 'Harbour Hair Clinic', '+12125550141', { from: '+12125550148' });
  const LAKESIDE = withSender('lakeside', 'Lakeside Scalp Care', '+12125550142');
  const BAYVIEW = withSender('bayview', 'Bayview Studio', '+12125550143');
  // On Twilio sub-accounts of their own: Eastside's token is in the environment, Westside's is not.
  const EASTSIDE = withSender('eastside', 'Eastside Hairline', '+12125550144', { from: '+12125550149', accountSid: `AC${'e'.repeat(32)}`, authTokenEnv: 'WEBHOOK_TEST_EASTSIDE_TOKEN' });
  const WESTSIDE = withSender('westside', 'Westside Hairline', '+12125550145', { from: '+12125550146', accountSid: `AC${'f'.repeat(32)}`, authTokenEnv: 'WEBHOOK_TEST_WESTSIDE_TOKEN' });
  const EASTSIDE_TOKEN = 'eastside-sub-account-auth-token';
  let routed: FastifyInstance;
  let target: string;

  beforeAll(async () => {
    process.env.WEBHOOK_TEST_EASTSIDE_TOKEN = EASTSIDE_TOKEN;
    delete process.env.WEBHOOK_TEST_WESTSIDE_TOKEN;
    // In the stack's store, so the worker polls their text queues and reads them when it sends.
    await addClinics(stack.clinics, [NORTHSIDE, HARBOUR, LAKESIDE, BAYVIEW, EASTSIDE, WESTSIDE]);
    routed = await buildApp({
      temporalClient: env.client,
      clinics: stack.clinics,
      access: stack.access,
      config: { ...CONFIG, TWILIO_FROM: PLATFORM_FROM },
      logger: createLogger({ write: () => undefined }),
    });
    await routed.listen({ port: 0, host: '127.0.0.1' });
    target = `http://127.0.0.1:${(routed.server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await routed?.close();
    delete process.env.WEBHOOK_TEST_EASTSIDE_TOKEN;
  });

  const text = (from: string, to: string, body: string) => postWebhook('/webhooks/twilio/inbound', inbound(from, body, { To: to }), { target });
  /** The clinic notices of client texts for a run, with who they were sent to. */
  const noticesOf = (workflowId: string) =>
    h.smtp.messages.flatMap((m, i) => (/^Text message from/.test(m.subject ?? '') && (m.text ?? '').includes(workflowId) ? [{ to: h.smtp.envelopes[i]!.to, text: m.text ?? '' }] : []));
  const smsSentOf = async (workflowId: string) => (await status(workflowId)).sent.filter((r) => r.channel === 'sms' && r.status === 'sent').length;

  it("a text to Northside's number reaches only the client's Northside plan, even when the Harbour plan is newer", async () => {
    const phone = newPhone();
    const north = await startClient(phone, { clinic: NORTHSIDE });
    const harbour = await startClient(phone, { clinic: HARBOUR });
    await untilVisible(phone, 2);
    // A question, not an urgent text: an urgent one gets the urgent alert instead of this notice.
    const res = await text(phone, NORTHSIDE.sms.from!, 'Some itching on the crown today, is that normal?');
    expect(res.status).toBe(200);
    expect(res.body).not.toContain(HARBOUR.name);
    const notices = await eventually(async () => noticesOf(north), (found) => found.length > 0);
    expect(notices.map((n) => n.to)).toEqual([[NORTHSIDE.email]]);
    expect(notices[0]!.text).toContain('itching');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await signalsNamed(harbour, 'clientReply')).toBe(0);
    expect(noticesOf(harbour)).toEqual([]);

    // And Harbour's number reaches Harbour's plan.
    await text(phone, HARBOUR.sms.from!, 'Thanks, see you Tuesday');
    expect((await eventually(async () => noticesOf(harbour), (found) => found.length > 0)).map((n) => n.to)).toEqual([[HARBOUR.email]]);
    expect(await signalsNamed(north, 'clientReply')).toBe(1);
  });

  it("HELP to each clinic's number answers with that clinic's name and phone", async () => {
    const phone = newPhone();
    await startClient(phone, { clinic: NORTHSIDE });
    await startClient(phone, { clinic: HARBOUR });
    await untilVisible(phone, 2);
    for (const [clinic, other] of [
      [NORTHSIDE, HARBOUR],
      [HARBOUR, NORTHSIDE],
    ] as const) {
      const answer = await text(phone, clinic.sms.from!, 'HELP');
      expect(answer.body).toContain(`<Message>${clinic.name}:`);
      expect(answer.body).toContain(readablePhone(clinic.phone, regionFromPhone(phone)));
      expect(answer.body).not.toContain(other.name);
      expect(answer.body).not.toContain(readablePhone(other.phone, regionFromPhone(phone)));
    }
  });

  it('STOP to a number opts out every plan sending from it and only those; START to it opts them back in', async () => {
    const phone = newPhone();
    const plans = {
      northside: await startClient(phone, { clinic: NORTHSIDE }),
      harbour: await startClient(phone, { clinic: HARBOUR }),
      lakeside: await startClient(phone, { clinic: LAKESIDE }),
      bayview: await startClient(phone, { clinic: BAYVIEW }),
    };
    await untilVisible(phone, 4);
    const smsOf = async () => Object.fromEntries(await Promise.all(Object.entries(plans).map(async ([clinic, id]) => [clinic, (await status(id)).channels.sms])));

    expect((await text(phone, PLATFORM_FROM, 'STOP')).body).toBe(EMPTY_TWIML);
    const shared = { northside: 'active', harbour: 'active', lakeside: 'opted-out', bayview: 'opted-out' };
    expect(await eventually(smsOf, (s) => s.lakeside === 'opted-out' && s.bayview === 'opted-out')).toEqual(shared);

    await text(phone, HARBOUR.sms.from!, 'stop');
    expect(await eventually(smsOf, (s) => s.harbour === 'opted-out')).toEqual({ ...shared, harbour: 'opted-out' });

    await text(phone, PLATFORM_FROM, 'START');
    expect(await eventually(smsOf, (s) => s.lakeside === 'active' && s.bayview === 'active')).toEqual({
      northside: 'active',
      harbour: 'opted-out',
      lakeside: 'active',
      bayview: 'active',
    });
    expect(await signalsNamed(plans.northside, 'optOut')).toBe(0);
    expect(await signalsNamed(plans.northside, 'optIn')).toBe(0);
  });

  it("a clinic on its own Twilio sub-account: its webhooks are checked with that account's token", async () => {
    const phone = newPhone();
    await startClient(phone, { clinic: EASTSIDE });
    const westPlan = await startClient(phone, { clinic: WESTSIDE });
    await untilVisible(phone, 2);
    const url = `${PUBLIC_BASE_URL}/webhooks/twilio/inbound`;
    const east = inbound(phone, 'HELP', { To: EASTSIDE.sms.from!, AccountSid: EASTSIDE.sms.accountSid! });
    const answer = await postWebhook('/webhooks/twilio/inbound', east, { target, signature: twilio.getExpectedTwilioSignature(EASTSIDE_TOKEN, url, east) });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain(`<Message>${EASTSIDE.name}:`);
    // The platform's token does not sign for the sub-account.
    expect((await postWebhook('/webhooks/twilio/inbound', east, { target })).status).toBe(403);
    // A sub-account whose token is not in the environment cannot be checked: refused, and nothing changes.
    const west = inbound(phone, 'STOP', { To: WESTSIDE.sms.from!, AccountSid: WESTSIDE.sms.accountSid! });
    expect((await postWebhook('/webhooks/twilio/inbound', west, { target })).status).toBe(403);
    expect((await postWebhook('/webhooks/twilio/inbound', west, { target, signature: twilio.getExpectedTwilioSignature(EASTSIDE_TOKEN, url, west) })).status).toBe(403);
    expect(await signalsNamed(westPlan, 'optOut')).toBe(0);
    expect((await status(westPlan)).channels.sms).toBe('active');
  });

  it("a request signed with one clinic's sub-account token reaches that clinic's plans only, whatever number or workflow it names", async () => {
    const phone = newPhone();
    const eastPlan = await startClient(phone, { clinic: EASTSIDE });
    const harbourPlan = await startClient(phone, { clinic: HARBOUR });
    await untilVisible(phone, 2);
    const signedByEast = (pathAndQuery: string, params: Record<string, string>) =>
      postWebhook(pathAndQuery, params, { target, signature: twilio.getExpectedTwilioSignature(EASTSIDE_TOKEN, `${PUBLIC_BASE_URL}${pathAndQuery}`, params) });
    // A STOP and a reply "to Harbour's number", signed for Eastside: Harbour's plan hears neither.
    for (const body of ['STOP', 'Is this normal?']) {
      const res = await signedByEast('/webhooks/twilio/inbound', inbound(phone, body, { To: HARBOUR.sms.from!, AccountSid: EASTSIDE.sms.accountSid! }));
      expect(res.status).toBe(200);
      if (body === 'STOP') expect(res.body).toBe(EMPTY_TWIML);
      expect(res.body).not.toContain(HARBOUR.name);
    }
    // A delivery report for Harbour's plan, signed for Eastside: ignored.
    const path = `/webhooks/twilio/status?wf=${encodeURIComponent(harbourPlan)}&step=welcome&channel=sms`;
    expect((await signedByEast(path, { MessageSid: newSid(), MessageStatus: 'failed', ErrorCode: '30006', AccountSid: EASTSIDE.sms.accountSid! })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1000));
    for (const name of ['optOut', 'clientReply', 'deliveryStatus']) expect(await signalsNamed(harbourPlan, name)).toBe(0);
    expect((await status(harbourPlan)).channels.sms).toBe('active');
    // The same STOP to Eastside's own number reaches Eastside's plan, and the audit log says the client did it.
    await signedByEast('/webhooks/twilio/inbound', inbound(phone, 'STOP', { To: EASTSIDE.sms.from!, AccountSid: EASTSIDE.sms.accountSid! }));
    expect(await eventually(async () => (await status(eastPlan)).channels.sms, (sms) => sms === 'opted-out')).toBe('opted-out');
    const entries = await stack.access.audit.list({ workflowId: eastPlan, limit: 10 });
    expect(entries).toEqual([expect.objectContaining({ actor: 'client:sms', action: 'channel.switched', clinicId: EASTSIDE.id, detail: { channel: 'sms', enabled: false, by: 'STOP' } })]);
    expect(JSON.stringify(entries)).not.toContain(phone.slice(2));
    expect(await stack.access.audit.list({ workflowId: harbourPlan, limit: 10 })).toEqual([]);
  });

  it('with a number shared by clinics, a reply goes to the clinic whose plan texted the client last; status callbacks reach the plan that sent', async () => {
    const phone = newPhone();
    const lake = await startClient(phone, { clinic: LAKESIDE });
    await eventually(() => smsSentOf(lake), (n) => n === 1);
    const bay = await startClient(phone, { clinic: BAYVIEW });
    await eventually(() => smsSentOf(bay), (n) => n === 1);
    await untilVisible(phone, 2);

    await text(phone, PLATFORM_FROM, 'Is the redness normal?');
    expect((await eventually(async () => noticesOf(bay), (found) => found.length === 1)).map((n) => n.to)).toEqual([[BAYVIEW.email]]);
    expect(await signalsNamed(lake, 'clientReply')).toBe(0);

    // Lakeside texts again (an operator's resend of the welcome): its plan texted last now.
    await resendStep({ client: env.client, workflowId: lake, step: 'welcome', channel: 'sms', reason: 'client lost the text' });
    await eventually(() => smsSentOf(lake), (n) => n === 2);
    await text(phone, PLATFORM_FROM, 'Got it, thanks Lakeside');
    expect((await eventually(async () => noticesOf(lake), (found) => found.length === 1)).map((n) => n.to)).toEqual([[LAKESIDE.email]]);
    expect(noticesOf(bay)).toHaveLength(1);

    // Both welcomes came from the same number: each callback names its own plan.
    const callbackOf = (workflowId: string) => {
      const message = h.twilio.messages.find((m) => new URL(m.statusCallback!).searchParams.get('wf') === workflowId)!;
      const url = new URL(message.statusCallback!);
      return { sid: message.sid, path: `${url.pathname}${url.search}` };
    };
    const bayCallback = callbackOf(bay);
    await postWebhook(bayCallback.path, { MessageSid: bayCallback.sid, MessageStatus: 'undelivered', ErrorCode: '30003', AccountSid: `AC${'1'.repeat(32)}` }, { target });
    const bayStatus = await eventually(() => status(bay), (st) => st.sent.some((r) => r.channel === 'sms' && r.status === 'undelivered'));
    expect(bayStatus.sent.find((r) => r.id === 'welcome' && r.channel === 'sms')).toMatchObject({ status: 'undelivered', detail: '30003' });
    expect((await status(lake)).sent.filter((r) => r.channel === 'sms').map((r) => r.status)).toEqual(['sent', 'sent']);
  });
});

describe('POST /webhooks/twilio/status', () => {
  it("records 'undelivered' (with Twilio's error code) on the step's SMS record, ignores other statuses and vanished workflows", async () => {
    const phone = newPhone();
    const workflowId = await startClient(phone);
    await eventually(() => status(workflowId), (s) => s.sent.some((r) => r.id === 'welcome' && r.channel === 'sms'));
    // The status callback URL the worker gave Twilio for the welcome text.
    const message = h.twilio.messages.find((m) => new URL(m.statusCallback!).searchParams.get('wf') === workflowId)!;
    const callback = new URL(message.statusCallback!);
    expect(callback.origin).toBe(PUBLIC_BASE_URL);
    const path = `${callback.pathname}${callback.search}`;

    const sent = await postWebhook(path, { MessageSid: message.sid, MessageStatus: 'sent', AccountSid: `AC${'1'.repeat(32)}` });
    expect(sent).toEqual({ status: 200, type: 'text/xml; charset=utf-8', body: EMPTY_TWIML });
    expect(await signalsNamed(workflowId, 'deliveryStatus')).toBe(0);

    const undelivered = await postWebhook(path, { MessageSid: message.sid, MessageStatus: 'undelivered', ErrorCode: '30003', AccountSid: `AC${'1'.repeat(32)}` });
    expect(undelivered.status).toBe(200);
    const s: AftercareStatus = await eventually(() => status(workflowId), (st) => st.sent.some((r) => r.id === 'welcome' && r.channel === 'sms' && r.status !== 'sent'));
    expect(s.sent.find((r) => r.id === 'welcome' && r.channel === 'sms')).toMatchObject({ status: 'undelivered', detail: '30003' });

    const gone = await postWebhook('/webhooks/twilio/status?wf=aftercare-northside-GONE1-s1&step=welcome&channel=sms', { MessageStatus: 'delivered' });
    expect(gone).toEqual({ status: 200, type: 'text/xml; charset=utf-8', body: EMPTY_TWIML });
    const junk = await postWebhook('/webhooks/twilio/status?wf=whatever&step=nope', { MessageStatus: 'failed' });
    expect(junk.status).toBe(200);
  });

  it('a replayed status callback (same MessageSid and status, new token) records nothing again; another status of the same message does', async () => {
    const phone = newPhone();
    const workflowId = await startClient(phone);
    await eventually(() => status(workflowId), (s) => s.sent.some((r) => r.id === 'welcome' && r.channel === 'sms'));
    const message = h.twilio.messages.find((m) => new URL(m.statusCallback!).searchParams.get('wf') === workflowId)!;
    const callback = new URL(message.statusCallback!);
    const path = `${callback.pathname}${callback.search}`;
    const delivered = { MessageSid: message.sid, MessageStatus: 'delivered', AccountSid: `AC${'1'.repeat(32)}` };
    const firstTry = await postWebhook(path, delivered, { idempotencyToken: `status-${phone}` });
    expect(firstTry.status).toBe(200);
    expect(await signalsNamed(workflowId, 'deliveryStatus')).toBe(1);
    expect(await postWebhook(path, delivered, { idempotencyToken: `status-replay-${phone}` })).toEqual(firstTry);
    expect(await postWebhook(path, delivered)).toEqual(firstTry);
    expect(await signalsNamed(workflowId, 'deliveryStatus')).toBe(1);
    // The same message reporting something else is news.
    await postWebhook(path, { ...delivered, MessageStatus: 'undelivered', ErrorCode: '30003' }, { idempotencyToken: `status-other-${phone}` });
    expect(await signalsNamed(workflowId, 'deliveryStatus')).toBe(2);
  });

  it('a permanent error code (30006, landline) switches the run\'s SMS off', async () => {
    const phone = newPhone();
    const workflowId = await startClient(phone);
    await eventually(() => status(workflowId), (s) => s.sent.some((r) => r.id === 'welcome' && r.channel === 'sms'));
    const message = h.twilio.messages.find((m) => new URL(m.statusCallback!).searchParams.get('wf') === workflowId)!;
    const callback = new URL(message.statusCallback!);
    const res = await postWebhook(`${callback.pathname}${callback.search}`, { MessageSid: message.sid, MessageStatus: 'undelivered', ErrorCode: '30006', AccountSid: `AC${'1'.repeat(32)}` });
    expect(res.status).toBe(200);
    const s: AftercareStatus = await eventually(() => status(workflowId), (st) => st.channels.sms !== 'active');
    expect(s.channels.sms).toBe('failed');
    expect(s.sent.find((r) => r.id === 'welcome' && r.channel === 'sms')).toMatchObject({ status: 'undelivered', detail: '30006' });
  });
});

describe('IdempotencyCache', () => {
  it('remembers answers for a while, forgets failures, evicts the least recently used', async () => {
    let now = 0;
    const cache = new IdempotencyCache(2, 1000, () => now);
    let calls = 0;
    const work = async () => ({ statusCode: 200, contentType: 'text/xml', body: `answer ${++calls}` });
    expect((await cache.run('a', work)).answer.body).toBe('answer 1');
    expect(await cache.run('a', work)).toEqual({ answer: { statusCode: 200, contentType: 'text/xml', body: 'answer 1' }, replayed: true });
    await expect(cache.run('b', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect((await cache.run('b', work)).replayed).toBe(false);
    await cache.run('c', work); // evicts 'a' (least recently used)
    expect(cache.size).toBe(2);
    expect((await cache.run('a', work)).replayed).toBe(false);
    now = 5000; // past the time to live
    expect((await cache.run('c', work)).replayed).toBe(false);
    // Concurrent deliveries of one token share the first one's answer.
    const slow = cache.run('d', () => new Promise((r) => setTimeout(() => r({ statusCode: 200, contentType: 'x', body: 'once' }), 50)));
    const twin = cache.run('d', work);
    expect((await slow).answer.body).toBe('once');
    expect(await twin).toEqual({ answer: { statusCode: 200, contentType: 'x', body: 'once' }, replayed: true });
  });
});
