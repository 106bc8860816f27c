/**
 * Scale-out: two real worker processes (`node --import tsx worker/main.ts`, as the image runs it) on one task
 * queue of one dev server, each with its own DATA_DIR and no file in common, as on two machines:
 * what they share is a real PostgreSQL server (dev/postgres-server.ts) holding the send records.
 * A burst of enrollments is shared between them, every client gets each message once, both
 * workers' sends are rows of the one table, the SMS rate limit holds for the task queue as a whole
 * (not once per process), and a send one worker made is not made again when the other repeats it.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type Long from 'long';
import { Pool } from 'pg';
import { enrollClients, writeClinicsFile, type EnrolledClient } from '../faults/fault-clients';
import { workerProcess, type WorkerProcess } from '../../dev/worker-process';
import { eventually } from '../support/eventually';
import { startSmtpSink, type SmtpSink } from '../../dev/smtp-sink';
import { createLocalEnv } from '../../dev/temporal-env';
import { createFreshDatabase, startPostgresServer, type PostgresServer } from '../../dev/postgres-server';
import { startTwilioStandIn, type TwilioStandIn } from '../../dev/twilio-stand-in';

const CLIENTS = 24;
/** The activities that send a text: a step on both channels is one `deliverStep` (text, then email). */
const TEXTING = new Set(['sendSms', 'deliverStep']);
const SMS_PER_SECOND = 3;

let dir: string;
let env: TestWorkflowEnvironment;
let twilio: TwilioStandIn;
let smtp: SmtpSink;
const workers: WorkerProcess[] = [];
let clients: EnrolledClient[] = [];
let postgres: PostgresServer;
/** The send records' database, read here as an operator would. */
let records: Pool;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'scale-out-'));
  const { file: clinicsFile, clinic } = writeClinicsFile(dir, SMS_PER_SECOND);
  [env, twilio, smtp, postgres] = await Promise.all([createLocalEnv(), startTwilioStandIn(), startSmtpSink(), startPostgresServer()]);
  const databaseUrl = await createFreshDatabase(postgres);
  records = new Pool({ connectionString: databaseUrl, max: 2 });
  for (const name of ['a', 'b']) {
    mkdirSync(path.join(dir, name));
    const worker = workerProcess({
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TEMPORAL_ADDRESS: env.address,
        DATA_DIR: path.join(dir, name),
        DATABASE_URL: databaseUrl,
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
  await records?.end();
  await postgres?.stop();
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
        if (TEXTING.has(scheduled.get(String(started.scheduledEventId)) ?? '')) {
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

  // Both workers' records are rows of the one table: every welcome, text and email, sent once.
  const { rows } = await records.query<{ key: string; state: string; provider_id: string | null }>(
    "select key, state, provider_id from send_records where key like '%:welcome:%' order by key",
  );
  expect(rows.map((r) => r.key).sort()).toEqual(clients.flatMap((c) => [`${c.workflowId}:welcome:email`, `${c.workflowId}:welcome:sms`]).sort());
  expect(rows.every((r) => r.state === 'sent')).toBe(true);
  expect(rows.filter((r) => r.key.endsWith(':sms')).map((r) => r.provider_id).sort()).toEqual(twilio.messages.map((m) => m.sid).sort());

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

it("a send one worker made is not made again when the other worker repeats the step", async () => {
  // A client whose welcome text worker A sent.
  const [a, b] = workers as [WorkerProcess, WorkerProcess];
  const identityA = `${a.child!.proc.pid}@`;
  let chosen: EnrolledClient | undefined;
  let firstTaskCompleted: Long | undefined;
  for (const c of clients) {
    const history = await env.client.workflow.getHandle(c.workflowId).fetchHistory();
    const events = history.events ?? [];
    const scheduled = new Map<string, string>();
    for (const e of events) {
      if (e.activityTaskScheduledEventAttributes) scheduled.set(String(e.eventId), e.activityTaskScheduledEventAttributes.activityType?.name ?? '');
      const started = e.activityTaskStartedEventAttributes;
      if (started?.identity?.startsWith(identityA) && TEXTING.has(scheduled.get(String(started.scheduledEventId)) ?? '')) chosen = c;
    }
    if (chosen) {
      firstTaskCompleted = events.find((e) => e.workflowTaskCompletedEventAttributes)?.eventId ?? undefined;
      break;
    }
  }
  expect(chosen).toBeDefined();
  expect(b.running()).toBe(true);

  // Worker A is gone; the workflow is reset to its first task, so it makes its welcome sends again,
  // on worker B, whose own DATA_DIR never saw them.
  await a.stop();
  const textsBefore = twilio.messages.length;
  const mailsBefore = smtp.messages.length;
  const handle = env.client.workflow.getHandle(chosen!.workflowId);
  const { runId } = (await env.client.workflowService.resetWorkflowExecution({
    namespace: env.client.options.namespace,
    workflowExecution: { workflowId: chosen!.workflowId },
    reason: 'scale-out test: repeat the welcome on the other worker',
    workflowTaskFinishEventId: firstTaskCompleted!,
    requestId: `reset-${chosen!.workflowId}`,
  })) as { runId?: string | null };
  const completedSends = async () => {
    const history = await env.client.workflow.getHandle(chosen!.workflowId, runId ?? undefined).fetchHistory();
    const events = history.events ?? [];
    const types = new Map<string, string>();
    for (const e of events) if (e.activityTaskScheduledEventAttributes) types.set(String(e.eventId), e.activityTaskScheduledEventAttributes.activityType?.name ?? '');
    return events
      .filter((e) => e.activityTaskCompletedEventAttributes && Number(e.eventId) > Number(firstTaskCompleted))
      .map((e) => types.get(String(e.activityTaskCompletedEventAttributes!.scheduledEventId)))
      .filter((t) => t === 'sendSms' || t === 'sendEmail' || t === 'deliverStep');
  };
  // Both channels of the welcome, from one deliverStep.
  const repeated = await eventually(completedSends, (done) => done.includes('deliverStep'), 60_000);
  expect(repeated).toEqual(['deliverStep']);
  expect((await handle.describe()).runId).toBe(runId);
  // Nothing new arrived: B found A's records in PostgreSQL and answered "already sent".
  await new Promise((r) => setTimeout(r, 1000));
  expect(twilio.messages.length).toBe(textsBefore);
  expect(smtp.messages.length).toBe(mailsBefore);
  expect(twilio.messages.filter((m) => m.to === chosen!.phone)).toHaveLength(1);
}, 120_000);
