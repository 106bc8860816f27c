/**
 * A whole aftercare system for tests: the time-skipping Temporal server, the real activities with
 * the real `twilio` package talking HTTP to a local Twilio stand-in, nodemailer talking SMTP to a
 * local SMTP sink, and a worker on its own task queue, with an SMS worker per clinic.
 *
 * `harness.clinics` holds the clinics the activities read at send time (CLINIC to begin with):
 * tests edit them mid-run, or add one and call `harness.refreshSmsQueues()` before its first text.
 * `harness.secrets` is the environment the clinics' `sms.authTokenEnv` names are read from.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities, type CalendarUrlFor, type PhotoIntakePort, type UnsubscribeUrlFor } from '../activities';
import { SqlReviewRequestStore } from '../activities/sql-review-requests';
import { SqlSendRecordStore } from '../activities/sql-send-records';
import { createSmtpMailer } from '../activities/email/smtp-mailer';
import { createClinicTwilioSenders } from '../activities/sms/clinic-senders';
import { ClinicSmsWorkers } from '../worker/clinic-sms-workers';
import { smsTaskQueueFor, type AftercareInput, type ClinicProfile } from '../workflows/contract';
import type { ClinicDirectory } from '../domain/clinic';
import type { Kysely } from 'kysely';
import type { Database } from '../platform/database/schema';
import { clinicRecord, MemoryClinicDirectory } from './memory-clinics';
import { returnDatabase, takeEmptyDatabase } from './send-record-databases';
import { startSmtpSink } from './smtp-sink';
import { startTwilioStandIn } from './twilio-stand-in';
import { todaysWorkflows } from './workflow-bundle';

export const CLINIC: ClinicProfile = {
  id: 'northside',
  name: 'Northside Scalp Studio',
  phone: '+1 212 555 4477',
  email: 'frontdesk@northside.example.com',
  bookingUrl: 'https://book.northside.example.com/smp',
  sendTime: '10:00',
  window: { start: '09:00', end: '20:00' },
  plannedSessions: 3,
};

/** The platform's number (TWILIO_FROM): CLINIC has no sender of its own. */
export const CLINIC_FROM = '+13125559999';

/** Every clinic's text queue here: fast enough that no test or bench waits on it, as before queues per clinic. */
const TEST_SMS_RATE = 1000;

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** `dataConverter` (optional) is the worker's, e.g. the payload codec's; give the env's client the same. */
export async function startHarness(
  env: TestWorkflowEnvironment,
  opts: {
    historyDir?: string;
    taskQueue?: string;
    dataConverter?: DataConverter;
    /** The clinics the activities know and poll SMS queues for; [CLINIC] by default. */
    clinics?: ClinicProfile[];
    /**
     * Where the activities and the SMS queues read clinics instead (the API stack's store, so a
     * clinic added through the API is texted from within a second); `clinics` is then unused.
     */
    directory?: ClinicDirectory;
    /** Earlier workflow code (a deployment before a patch) until `redeploy()`; today's by default. */
    workflowBundle?: WorkflowBundleWithSourceMap;
    /** Client emails' unsubscribe links, as the worker makes them with PUBLIC_BASE_URL and PHONE_HASH_KEY; none by default. */
    unsubscribeUrl?: UnsubscribeUrlFor;
    /**
     * Where the photo intake keeps pictures (the API stack's store); fetched with the stand-in's
     * account from loopback, as the local stack does. No photo store by default.
     */
    photos?: PhotoIntakePort;
    /** Each session's calendar address in its welcome email, as the worker makes it; none by default. */
    calendarUrl?: CalendarUrlFor;
    /**
     * Where the send records go instead of a database of the harness's own: the API stack's, for
     * suites that read them through the API (the clinic's numbers). Tests must not reuse workflow IDs then.
     */
    recordsDb?: Kysely<Database>;
  } = {},
) {
  const twilio = await startTwilioStandIn();
  const smtp = await startSmtpSink();
  // Send records in a database of the harness's own (PGlite in memory, empty): tests reuse
  // workflow IDs, so a shared one would take one test's sends for another's.
  const database = await takeEmptyDatabase();
  const clinics = new MemoryClinicDirectory((opts.clinics ?? [CLINIC]).map((c) => clinicRecord(c, { sms: { ratePerSecond: TEST_SMS_RATE } })));
  const directory = opts.directory ?? clinics;
  const secrets: Record<string, string | undefined> = {};
  const senders = createClinicTwilioSenders({
    platform: { accountSid: twilio.accountSid, authToken: twilio.authToken, from: CLINIC_FROM },
    apiBaseUrl: twilio.baseUrl,
    statusCallbackBaseUrl: 'https://aftercare.example.com',
    env: secrets,
  });
  const activities = createActivities({
    sms: senders.platform,
    smsFor: senders.smsFor,
    clinics: directory,
    mail: createSmtpMailer({ url: smtp.url, from: 'Aftercare <aftercare@example.com>' }),
    records: new SqlSendRecordStore(opts.recordsDb ?? database.db),
    reviewRequests: new SqlReviewRequestStore(opts.recordsDb ?? database.db),
    clock: { now: () => new Date() },
    ...(opts.unsubscribeUrl ? { unsubscribeUrl: opts.unsubscribeUrl } : {}),
    ...(opts.photos
      ? {
          photos: {
            photos: opts.photos,
            credentialsFor: async () => ({ accountSid: twilio.accountSid, authToken: twilio.authToken }),
            hosts: { apiHost: new URL(twilio.baseUrl).hostname, allowLoopback: true },
          },
        }
      : {}),
    ...(opts.calendarUrl ? { calendarUrl: opts.calendarUrl } : {}),
  });
  const taskQueue = opts.taskQueue ?? `aftercare-test-${Math.random().toString(36).slice(2, 10)}`;
  const workflowWorker = (bundle?: WorkflowBundleWithSourceMap) =>
    Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      ...(bundle ? { workflowBundle: bundle } : todaysWorkflows(opts.dataConverter)),
      activities,
      // With a deployment to come, no cache (so no sticky queue): the run's next task goes to
      // whichever worker polls the queue then.
      ...(opts.workflowBundle ? { maxCachedWorkflows: 0 } : {}),
      ...(opts.dataConverter ? { dataConverter: opts.dataConverter } : {}),
    });
  let worker = await workflowWorker(opts.workflowBundle);
  // Texts go to the SMS queues, as in production (worker/main.ts): the shared one of runs from
  // before queues per clinic (the replayed histories), and one per clinic.
  const smsWorker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: smsTaskQueueFor(taskQueue),
    activities: { sendSms: activities.sendSms },
    ...(opts.dataConverter ? { dataConverter: opts.dataConverter } : {}),
  });
  const clinicSms = new ClinicSmsWorkers({
    connection: env.nativeConnection,
    taskQueue,
    sendSms: activities.sendSms,
    clinics: directory,
    ...(opts.directory ? { refreshMs: 1000 } : {}),
    logger: { info: () => undefined, warn: () => undefined, error: (message, meta) => console.error(message, meta) },
    ...(opts.dataConverter ? { shared: { dataConverter: opts.dataConverter } } : {}),
  });
  await clinicSms.start();
  let workerRun = worker.run();
  const running = Promise.all([smsWorker.run(), clinicSms.done]);
  const workflowIds: string[] = [];

  return {
    env,
    twilio,
    smtp,
    taskQueue,
    get worker() {
      return worker;
    },
    database,
    /** Deploys today's workflow code: the earlier worker stops, and one on today's code polls instead. */
    async redeploy() {
      worker.shutdown();
      await workerRun;
      worker = await workflowWorker();
      workerRun = worker.run();
    },
    clinics,
    /** The SMS senders the activities use (to the Twilio stand-in): the API's staff replies go through them too. */
    senders,
    secrets,
    /** Reads the clinics again now: a clinic added since gets its SMS worker. */
    refreshSmsQueues: () => clinicSms.refresh(),
    /** The clinic SMS queues polled, with their rates. */
    smsRates: () => clinicSms.rates(),
    /** Starts the aftercare workflow as the enrollment service would, on this harness's queue. */
    async start(input: AftercareInput, workflowId: string) {
      workflowIds.push(workflowId);
      return env.client.workflow.start('aftercareWorkflow', { taskQueue, workflowId, args: [input] });
    },
    /** Saves a run's history (the newest, unless `runId`) as JSON under test/histories for the replay test. */
    async saveHistory(workflowId: string, name: string, runId?: string) {
      if (!opts.historyDir) return;
      const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
      mkdirSync(opts.historyDir, { recursive: true });
      // The canonical proto3 JSON, as `temporal workflow show --output json` prints it.
      writeFileSync(path.join(opts.historyDir, `${name}.json`), historyToJSON(history));
    },
    async stop() {
      // A workflow left running would hold the shared time-skipping clock for the next test.
      for (const id of workflowIds) {
        await env.client.workflow.getHandle(id).terminate('test finished').catch(() => undefined);
      }
      worker.shutdown();
      smsWorker.shutdown();
      await clinicSms.shutdown();
      await Promise.all([running, workerRun]);
      await twilio.close();
      await smtp.close();
      await returnDatabase(database);
    },
  };
}

/** An enrollment input with a session that has just happened (workflow time `nowMs`). */
export function inputAt(
  nowMs: number,
  overrides: Partial<Omit<AftercareInput, 'session'>> & { sessionNumber?: number; clientRef?: string } = {},
): AftercareInput {
  const now = new Date(nowMs).toISOString();
  const { sessionNumber = 1, clientRef = 'C1042', ...rest } = overrides;
  return {
    clinic: CLINIC,
    clientRef,
    client: {
      firstName: 'Jordan',
      phone: '+12125554477',
      email: 'jordan@example.com',
      timezone: 'America/New_York',
      consent: { sms: true, email: true },
    },
    session: { number: sessionNumber, performedAt: now, plannedSessions: 3 },
    enrolledAt: now,
    ...rest,
  };
}
