/**
 * Runs read their clinic when a message goes (patch clinic-read-at-send-time): a clinic's edits
 * reach its running clients' next messages, each clinic's texts go from its own sender on its own
 * queue, and the clinic's notices go to its current email. Time-skipping server, real activities,
 * Twilio stand-in and SMTP sink, as in workflow.test.ts.
 *
 * With RECORD_HISTORIES=1 the runs' histories are written to test/workflow/histories for the replay test.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { ParsedMail } from 'mailparser';
import { CLINIC, CLINIC_FROM, inputAt, type Harness } from '../../dev/aftercare-harness';
import { clinicRecord } from '../../dev/memory-clinics';
import { workflowIdFor } from '../../domain/identifiers';
import { cancelSignal, clientReplySignal, statusQuery, type ClinicProfile } from '../../workflows/contract';
import { skipPast } from '../support/time-skip';
import { harnessPerTest } from '../support/harness-per-test';

let env: TestWorkflowEnvironment;
let h: Harness;
const harnesses = harnessPerTest((e, harness) => {
  env = e;
  h = harness;
}, { serverPerTest: true });

const HARBOUR: ClinicProfile = {
  ...CLINIC,
  id: 'harbour',
  name: 'Harbour Hairline',
  phone: '+1 212 555 0161',
  email: 'desk@harbour.example.com',
  bookingUrl: 'https://harbour.example.com/book',
};
const EASTSIDE: ClinicProfile = {
  ...CLINIC,
  id: 'eastside',
  name: 'Eastside Pigment',
  phone: '+1 212 555 0178',
  email: 'hello@eastside.example.com',
  bookingUrl: 'https://eastside.example.com/book',
};

const ROOT = path.join(__dirname, '..', '..');
const git = (...args: string[]) => {
  const out = spawnSync('git', args, { cwd: ROOT, encoding: 'buffer', maxBuffer: 64 << 20 });
  if (out.status !== 0) throw new Error(`git ${args.join(' ')}: ${out.stderr.toString()}`);
  return out.stdout;
};

/** The workflow code as deployed just before the patch: the parent of the commit that added it. */
async function prePatchBundle(): Promise<WorkflowBundleWithSourceMap> {
  const added = git('log', '--diff-filter=A', '--format=%H', '--', 'workflows/clinic-at-send-time.ts').toString().trim().split('\n').at(-1);
  const dir = mkdtempSync(path.join(tmpdir(), 'pre-patch-'));
  const tar = git('archive', `${added}^`, 'domain', 'workflows', 'activities');
  const untar = spawnSync('tar', ['-x', '-C', dir], { input: tar });
  if (untar.status !== 0) throw new Error(`tar: ${untar.stderr.toString()}`);
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  try {
    return await bundleWorkflowCode({ workflowsPath: path.join(dir, 'workflows'), logger: quiet });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let refCounter = 0;
async function enrollNow(clinic: ClinicProfile = CLINIC) {
  const input = inputAt(await env.currentTimeMs(), { clinic, clientRef: `C${2000 + ++refCounter}` });
  const workflowId = workflowIdFor(clinic.id, input.clientRef, input.session.number);
  const handle = await h.start(input, workflowId);
  return { input, workflowId, handle };
}

const wfOf = (m: { statusCallback?: string }) => new URL(m.statusCallback ?? 'x:/').searchParams.get('wf');
const stepOf = (m: { statusCallback?: string }) => new URL(m.statusCallback ?? 'x:/').searchParams.get('step');
const textsTo = (workflowId: string) => h.twilio.messages.filter((m) => wfOf(m) === workflowId);
const textOf = (workflowId: string, step: string) => textsTo(workflowId).find((m) => stepOf(m) === step)?.body ?? '';
const mailsOf = (workflowId: string, channel: 'email' | 'clinic') =>
  h.smtp.messages.filter((m) => m.headers.get('x-aftercare-workflow') === workflowId && m.headers.get('x-aftercare-channel') === channel);
const emailOf = (workflowId: string, step: string): ParsedMail | undefined => mailsOf(workflowId, 'email').find((m) => m.headers.get('x-aftercare-step') === step);
const addresses = (field: ParsedMail['to'] | ParsedMail['from'] | ParsedMail['replyTo']) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => v.address));

describe('messages with the clinic as it is when they go', () => {
  it("a clinic's new phone and booking link reach its running clients' next text and email; earlier ones kept the old", async () => {
    const { input, workflowId, handle } = await enrollNow();
    await skipPast(env, input, 'welcome');
    expect(emailOf(workflowId, 'welcome')?.text).toContain(CLINIC.bookingUrl);
    expect(emailOf(workflowId, 'welcome')?.text).toContain(CLINIC.phone);

    const moved = { phone: '+1 212 555 0199', bookingUrl: 'https://northside.example.com/new-booking' };
    h.clinics.edit(CLINIC.id, moved);
    await skipPast(env, input, 'book-next');

    // book-next asks the client to book: the link and number are the clinic's new ones.
    expect(textOf(workflowId, 'book-next')).toContain(moved.bookingUrl);
    expect(textOf(workflowId, 'book-next')).not.toContain(CLINIC.bookingUrl);
    const bookNext = emailOf(workflowId, 'book-next')?.text ?? '';
    expect(bookNext).toContain(moved.phone);
    expect(bookNext).toContain(moved.bookingUrl);
    expect(bookNext).not.toContain(CLINIC.phone);
    // What went before the edit stays as it was sent.
    expect(emailOf(workflowId, 'welcome')?.text).toContain(CLINIC.bookingUrl);
    expect(emailOf(workflowId, 'welcome')?.text).not.toContain(moved.bookingUrl);

    await handle.signal(cancelSignal, { reason: 'test over' });
    await handle.result();
    await h.saveHistory(workflowId, 'clinic-edited-mid-run');
  });

  it('a run started before the patch sends with the clinic as it is from its next message on', async () => {
    h = await harnesses.replace({ workflowBundle: await prePatchBundle() });
    const { input, workflowId, handle } = await enrollNow();
    await skipPast(env, input, 'welcome');
    expect(textOf(workflowId, 'welcome')).toContain(CLINIC.name);

    const moved = { name: 'Northside Scalp Studio (Midtown)', phone: '+1 212 555 0199', bookingUrl: 'https://northside.example.com/midtown' };
    h.clinics.edit(CLINIC.id, moved);
    await h.redeploy();
    await skipPast(env, input, 'book-next');
    expect(textOf(workflowId, 'welcome')).not.toContain(moved.name);
    expect(textOf(workflowId, 'book-next')).toContain(moved.bookingUrl);
    expect(emailOf(workflowId, 'book-next')?.text).toContain(moved.phone);

    // The earlier texts went on the shared queue; from the marker on, on the clinic's own.
    const events = (await handle.fetchHistory()).events ?? [];
    const timeline = events.flatMap((e) => {
      const marker = e.markerRecordedEventAttributes;
      if (marker) return Object.values(marker.details ?? {}).flatMap((d) => (d.payloads ?? []).map((p) => `marker ${JSON.stringify(defaultPayloadConverter.fromPayload(p))}`));
      const task = e.activityTaskScheduledEventAttributes;
      return task?.activityType?.name === 'sendSms' ? [`sendSms on ${task.taskQueue?.name}`] : [];
    });
    const shared = `sendSms on ${h.taskQueue}-sms`;
    const own = `sendSms on ${h.taskQueue}-sms-northside`;
    const switchedAt = timeline.findIndex((t) => t.startsWith('marker') && t.includes('clinic-read-at-send-time'));
    expect(switchedAt).toBeGreaterThan(0);
    expect(timeline.slice(0, switchedAt).filter((t) => t.startsWith('sendSms'))).toEqual([shared]);
    expect(new Set(timeline.slice(switchedAt).filter((t) => t.startsWith('sendSms')))).toEqual(new Set([own]));

    await handle.signal(cancelSignal, { reason: 'test over' });
    await handle.result();
    await h.saveHistory(workflowId, 'clinic-read-at-send-time-from-a-running-run');
  });

  it("each clinic's texts go from its own sender, on its own queue; emails from its own From and Reply-To", async () => {
    const sub = h.twilio.addAccount();
    h.secrets.EASTSIDE_TWILIO_TOKEN = sub.authToken;
    h.clinics.add(clinicRecord(HARBOUR, { sms: { from: '+13125550142', ratePerSecond: 20 }, emailFrom: 'Harbour Hairline <care@harbour.example.com>', replyTo: 'desk@harbour.example.com' }));
    h.clinics.add(clinicRecord(EASTSIDE, { sms: { messagingServiceSid: `MG${'e'.repeat(32)}`, accountSid: sub.accountSid, authTokenEnv: 'EASTSIDE_TWILIO_TOKEN', ratePerSecond: 20 } }));
    await h.refreshSmsQueues();
    expect(h.smsRates()).toEqual({ northside: expect.any(Number), harbour: 20, eastside: 20 });

    const north = await enrollNow(CLINIC);
    const harbour = await enrollNow(HARBOUR);
    const east = await enrollNow(EASTSIDE);
    await skipPast(env, north.input, 'welcome');

    const [northText] = textsTo(north.workflowId);
    const [harbourText] = textsTo(harbour.workflowId);
    const [eastText] = textsTo(east.workflowId);
    // The clinic without a sender of its own sends from the platform's number.
    expect(northText).toMatchObject({ from: CLINIC_FROM, accountSid: h.twilio.accountSid });
    expect(northText?.body).toContain(CLINIC.name);
    expect(harbourText).toMatchObject({ from: '+13125550142', accountSid: h.twilio.accountSid });
    expect(harbourText?.body).toContain(HARBOUR.name);
    expect(eastText).toMatchObject({ messagingServiceSid: `MG${'e'.repeat(32)}`, accountSid: sub.accountSid });
    expect(eastText?.from).toBeUndefined();

    const harbourMail = emailOf(harbour.workflowId, 'welcome');
    expect(harbourMail?.from?.text).toContain('Harbour Hairline');
    expect(addresses(harbourMail?.from)).toEqual(['care@harbour.example.com']);
    expect(addresses(harbourMail?.replyTo)).toEqual(['desk@harbour.example.com']);
    expect(addresses(emailOf(north.workflowId, 'welcome')?.from)).toEqual(['aftercare@example.com']);

    // A new rate takes effect without a restart: the queue gets a worker at the new rate.
    h.clinics.edit(HARBOUR.id, { sms: { from: '+13125550142', ratePerSecond: 5 } });
    await h.refreshSmsQueues();
    expect(h.smsRates()).toMatchObject({ harbour: 5 });
    await skipPast(env, harbour.input, 'days-1-4');
    expect(textsTo(harbour.workflowId).map(stepOf)).toEqual(['welcome', 'days-1-4']);

    for (const run of [north, harbour, east]) {
      await run.handle.signal(cancelSignal, { reason: 'test over' });
      await run.handle.result();
    }
    await h.saveHistory(harbour.workflowId, 'clinic-own-sender');
  });

  it("a clinic's notices go to its current email", async () => {
    const { input, workflowId, handle } = await enrollNow();
    await skipPast(env, input, 'welcome');
    h.clinics.edit(CLINIC.id, { email: 'new-desk@northside.example.com' });
    await handle.signal(clientReplySignal, { kind: 'message', text: 'Is redness normal?', messageSid: 'SMreply0100' });
    await env.sleep(10 * 60_000);

    const notices = mailsOf(workflowId, 'clinic');
    expect(notices.map((m) => m.text ?? '').filter((t) => t.includes('Is redness normal?'))).toHaveLength(1);
    expect(addresses(notices[0]?.to)).toEqual(['new-desk@northside.example.com']);

    await handle.signal(cancelSignal, { reason: 'test over' });
    await handle.result();
    await h.saveHistory(workflowId, 'clinic-notice-to-current-email');
  });

  it('a sub-account whose token variable is unset fails that text by name, keeps SMS on, and the email still goes', async () => {
    const sub = h.twilio.addAccount();
    h.clinics.add(clinicRecord(EASTSIDE, { sms: { from: '+13125550143', accountSid: sub.accountSid, authTokenEnv: 'EASTSIDE_MISSING_TOKEN', ratePerSecond: 20 } }));
    await h.refreshSmsQueues();
    const { input, workflowId, handle } = await enrollNow(EASTSIDE);
    await skipPast(env, input, 'welcome');

    const status = await handle.query(statusQuery);
    const sms = status.sent.find((r) => r.id === 'welcome' && r.channel === 'sms');
    expect(sms).toMatchObject({ status: 'failed', detail: 'SmsSenderMisconfigured' });
    expect(status.channels.sms).toBe('active');
    expect(textsTo(workflowId)).toEqual([]);
    expect(emailOf(workflowId, 'welcome')).toBeDefined();

    // Once the variable is there (a worker restarted with it), the next step's text goes.
    h.secrets.EASTSIDE_MISSING_TOKEN = sub.authToken;
    await skipPast(env, input, 'days-1-4');
    expect(textsTo(workflowId).map(stepOf)).toEqual(['days-1-4']);
    await handle.signal(cancelSignal, { reason: 'test over' });
    await handle.result();
  });
});
