/**
 * Scale-out: two real worker processes (`node --import tsx worker/main.ts`, as the image runs it) on one task
 * queue of one dev server, each with its own DATA_DIR as on two machines. A burst of enrollments
 * is shared between them, every client gets each message once, and the SMS rate limit holds for
 * the task queue as a whole, not once per process.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { enrollClients, writeClinicsFile, type EnrolledClient } from '../faults/fault-clients';
import { workerProcess, type WorkerProcess } from '../../dev/worker-process';
import { eventually } from '../support/eventually';
import { startSmtpSink, type SmtpSink } from '../../dev/smtp-sink';
import { createLocalEnv } from '../../dev/temporal-env';
import { startTwilioStandIn, type TwilioStandIn } from '../../dev/twilio-stand-in';

const CLIENTS = 24;
const SMS_PER_SECOND = 3;

let dir: string;
let env: TestWorkflowEnvironment;
let twilio: TwilioStandIn;
let smtp: SmtpSink;
const workers: WorkerProcess[] = [];
let clients: EnrolledClient[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'scale-out-'));
  const { file: clinicsFile, clinic } = writeClinicsFile(dir);
  [env, twilio, smtp] = await Promise.all([createLocalEnv(), startTwilioStandIn(), startSmtpSink()]);
  for (const name of ['a', 'b']) {
    mkdirSync(path.join(dir, name));
    const worker = workerProcess({
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TEMPORAL_ADDRESS: env.address,
        DATA_DIR: path.join(dir, name),
        CLINICS_FILE: clinicsFile,
        TWILIO_ACCOUNT_SID: twilio.accountSid,
        TWILIO_AUTH_TOKEN: twilio.authToken,
        TWILIO_FROM: '+12125559999',
        TWILIO_API_BASE_URL: twilio.baseUrl,
        SMTP_URL: smtp.url,
        SMS_RATE_LIMIT_PER_SECOND: String(SMS_PER_SECOND),
        METRICS_PORT: '0',
        LOG_LEVEL: 'info',
      },
      logFile: path.join(dir, `worker-${name}.log`),
    });
    workers.push(worker);
  }
  await Promise.all(workers.map((w) => w.start()));
  // Both poll before anything is due, so the burst is theirs to share. A day lasts an hour: only
  // the welcome (sent at enrollment) falls inside the test.
  clients = await enrollClients({
    client: env.client,
    clinic,
    specs: Array.from({ length: CLIENTS }, (_, i) => ({ ref: `S${String(i).padStart(2, '0')}`, consent: { sms: true, email: true } })),
    demoSecondsPerDay: 3600,
  });
}, 180_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  for (const c of clients) await env?.client.workflow.getHandle(c.workflowId).terminate('test finished').catch(() => undefined);
  await env?.teardown();
  await twilio?.close();
  await smtp?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('shares the work between two workers, sends each welcome once, and holds the SMS rate across both', async () => {
  await eventually(async () => [twilio.messages.length, smtp.messages.length], ([sms, mail]) => sms! >= CLIENTS && mail! >= CLIENTS, 90_000);
  // Anything sent twice would arrive within moments of the rest.
  await new Promise((r) => setTimeout(r, 2000));

  // Once each: one text per number, one email per address, and nothing else.
  expect(twilio.messages.map((m) => m.to).sort()).toEqual(clients.map((c) => c.phone).sort());
  expect(smtp.envelopes.flatMap((e) => e.to).sort()).toEqual(clients.map((c) => c.email).sort());

  // Both workers did some of it: the identity (pid@host) of each activity's worker is in the history.
  const smsBy = new Map<string, number>();
  const anyBy = new Set<string>();
  /** When the server handed each text's activity to a worker: the moment its rate limit governs. */
  const smsStartedAt: number[] = [];
  for (const c of clients) {
    const history = await env.client.workflow.getHandle(c.workflowId).fetchHistory();
    const scheduled = new Map<string, string>();
    for (const e of history.events ?? []) {
      const s = e.activityTaskScheduledEventAttributes;
      if (s) scheduled.set(String(e.eventId), s.activityType?.name ?? '');
      const started = e.activityTaskStartedEventAttributes;
      if (started?.identity) {
        anyBy.add(started.identity);
        if (scheduled.get(String(started.scheduledEventId)) === 'sendSms') {
          smsBy.set(started.identity, (smsBy.get(started.identity) ?? 0) + 1);
          smsStartedAt.push(Number(e.eventTime?.seconds ?? 0) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6));
        }
      }
      if (e.workflowTaskStartedEventAttributes?.identity) anyBy.add(e.workflowTaskStartedEventAttributes.identity);
    }
  }
  expect(anyBy.size).toBe(2);
  expect([...smsBy.values()]).toHaveLength(2);
  expect([...smsBy.values()].every((n) => n > 0)).toBe(true);

  // The rate, as Temporal's server enforces it for the queue: a token bucket refilled at the limit
  // and holding at most one second's worth, so after a quiet spell one second's burst may go at
  // once. Sustained, the burst takes as long as one limit allows, not two: per-process limits would
  // let two workers send twice as fast. No one-second window holds more than the burst plus refill.
  // Timed where the limit applies (the server starting each send), not where texts land: arrival
  // at the stand-in adds the machine's scheduling jitter, which can bunch texts sent apart.
  expect(smsStartedAt).toHaveLength(clients.length);
  const times = smsStartedAt.sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  expect(most).toBeLessThanOrEqual(2 * SMS_PER_SECOND + 1);
  const spanSeconds = (times[times.length - 1]! - times[0]!) / 1000;
  expect(spanSeconds).toBeGreaterThanOrEqual((CLIENTS - 3 * SMS_PER_SECOND) / SMS_PER_SECOND);
}, 150_000);
