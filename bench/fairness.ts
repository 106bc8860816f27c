/**
 * Item 6 of `npm run bench` (issue 13): two clinics, each with its own sender and rate, whose texts
 * all fall due at the same instant. A large clinic's burst must not hold a small clinic's texts
 * back, and must itself go at its sender's rate.
 */
import path from 'node:path';
import { ONE_PARTITION_PER_TASK_QUEUE } from '../dev/dev-server';
import { startSmtpSink } from '../dev/smtp-sink';
import { startTwilioStandIn, type StandInMessage } from '../dev/twilio-stand-in';
import { zoneAtLocalHour } from '../dev/zones';
import { profileOf, type Clinic } from '../domain/clinic';
import { smsTaskQueueFor, TASK_QUEUE } from '../workflows/contract';
import { benchInput, welcomeDueMs } from './inputs';
import { waitForTexts } from './lib';
import { addClinics, benchClinicBody } from './clinics';
import { analyzeSends, preQueued, runTag, startMany, taskStats, workerEnv, type Log, type TaskStats } from './phases';
import { startDevServer, startWorkerProcess, type WorkerProcess } from './processes';
import { rateAfterFirstSecond } from './stats';

/** One clinic of the pair: who it is, what it was given, and what reached the stand-in from its number. */
export interface FairnessClinic {
  role: 'large' | 'small';
  clinicId: string;
  from: string;
  clients: number;
  ratePerSecond: number;
  /** Clients who got a text from this clinic's number. */
  delivered: number;
  /** Clients who got none. */
  dropped: number;
  /** Texts beyond the first to a client. */
  duplicates: number;
  /** Texts to this clinic's clients from any other number. */
  wrongSender: number;
  /** Seconds from the worker being ready to this clinic's first and last text. */
  firstAfterReadyS: number;
  lastAfterReadyS: number;
  /** (sent − 1) / (last − first), over all its texts. */
  achievedPerSecond: number;
  /** Over the 10th to 90th percentile of its texts: the steady part (see RESULTS.md). */
  middleRate: number;
  /** From one second after its first text to its last: once the limiter's start-up burst is spent (stats.ts). */
  sustained: { rate: number; texts: number; seconds: number };
  /** Over the last 10% of its texts. */
  tailRate: number;
  perSecond: number[];
}

export interface FairnessRun {
  large: FairnessClinic;
  small: FairnessClinic;
  /** Seconds from the first start until every text waited on its clinic's queue. */
  queuedAfterS: number;
  /** Texts for a workflow neither clinic started. */
  strayTexts: number;
  failedRequests: number;
  tasks: TaskStats;
}

export interface FairnessSettings {
  large: { clients: number; rate: number };
  small: { clients: number; rate: number };
}

export async function benchFairness(o: { workDir: string; bundlePath: string; name: string; settings: FairnessSettings; log: Log }): Promise<FairnessRun> {
  const { settings } = o;
  // One partition per task queue, as `npm start` (scripts/start.ts) and the deployed cluster
  // (deploy/temporal/dynamicconfig.yaml) run: a queue's rate limit is then one limiter, not four shares.
  const server = await startDevServer(o.workDir, `temporal-${o.name}`, ONE_PARTITION_PER_TASK_QUEUE);
  const twilio = await startTwilioStandIn();
  const smtp = await startSmtpSink();
  const dataDir = path.join(o.workDir, `data-${o.name}`);
  let worker: WorkerProcess | undefined;
  try {
    const tag = runTag();
    // The worker reads its clinics from the application database in DATA_DIR: they exist before it starts.
    const {
      clinics: [large, small],
    } = await addClinics({ DATA_DIR: dataDir }, [
      benchClinicBody({ id: 'bench-large', name: 'Bench large clinic', phone: '+13125550143', from: '+13125550150', ratePerSecond: settings.large.rate }),
      benchClinicBody({ id: 'bench-small', name: 'Bench small clinic', phone: '+13125550144', from: '+13125550151', ratePerSecond: settings.small.rate }),
    ]);
    if (!large || !small) throw new Error('the two clinics were not added');

    // Daytime in the clients' zone, hours before the window closes: every welcome is due the moment
    // its workflow starts. SMS consent only, so what is measured is the texts alone.
    const nowMs = Date.now();
    const zone = zoneAtLocalHour(nowMs, 10, 16);
    const inputFor = (clinic: Clinic, prefix: string) => (i: number) => benchInput(profileOf(clinic), { nowMs, clientRef: `${prefix}${tag}x${i}`, zone, sms: true, email: false });
    if (welcomeDueMs(inputFor(large, 'F')(0)) > nowMs + 60_000) throw new Error('the welcome is not due at enrollment');
    // The small clinic's clients are started last: on one shared first-in-first-out queue, the
    // worst place for them, behind every text of the large clinic.
    const ids = await preQueued(
      server,
      o.bundlePath,
      [
        { taskQueue: smsTaskQueueFor(TASK_QUEUE, large.id), texts: settings.large.clients },
        { taskQueue: smsTaskQueueFor(TASK_QUEUE, small.id), texts: settings.small.clients },
      ],
      async () => {
        const t0 = performance.now();
        const l = await startMany(server.client, settings.large.clients, 32, inputFor(large, 'L'));
        const s = await startMany(server.client, settings.small.clients, 32, inputFor(small, 'S'));
        return { large: l.workflowIds, small: s.workflowIds, startedAt: t0 };
      },
      o.log,
    );
    const queuedAfterS = (performance.now() - ids.startedAt) / 1000;
    o.log(`  ${settings.large.clients} + ${settings.small.clients} welcomes due (zone ${zone}); starting the worker (large clinic's sender ${settings.large.rate}/s, small clinic's ${settings.small.rate}/s)`);
    worker = await startWorkerProcess({
      workDir: o.workDir,
      name: `worker-${o.name}`,
      env: workerEnv({ address: server.address, dataDir, twilio, smtp, smsRate: 1, bundlePath: o.bundlePath }),
    });
    const readyAt = Date.now();
    const expected = settings.large.clients + settings.small.clients;
    // Bounded wait: the large clinic's time at its rate, twice, plus margin; stop early after 30 s without a send.
    const deadline = readyAt + (settings.large.clients / settings.large.rate) * 2000 + 120_000;
    await waitForTexts(twilio.messages, expected, deadline);

    const messages = [...twilio.messages];
    const perClinic = (role: 'large' | 'small', clinic: Clinic, workflowIds: string[]): FairnessClinic => {
      const mine = new Set(workflowIds);
      const from = clinic.sms.from!;
      const sent = messages.filter((m) => m.from === from);
      const toMine = messages.filter((m) => mine.has(workflowOf(m)));
      const reached = new Set(sent.map(workflowOf).filter((wf) => mine.has(wf)));
      const times = sent.map((m) => m.dateCreated.getTime());
      const a = analyzeSends(times);
      const spanS = times.length > 1 ? (Math.max(...times) - Math.min(...times)) / 1000 : Number.NaN;
      return {
        role,
        clinicId: clinic.id,
        from,
        clients: workflowIds.length,
        ratePerSecond: clinic.sms.ratePerSecond,
        delivered: reached.size,
        dropped: workflowIds.length - reached.size,
        duplicates: toMine.length - new Set(toMine.map(workflowOf)).size,
        wrongSender: toMine.filter((m) => m.from !== from).length,
        firstAfterReadyS: times.length ? (Math.min(...times) - readyAt) / 1000 : Number.NaN,
        lastAfterReadyS: times.length ? (Math.max(...times) - readyAt) / 1000 : Number.NaN,
        // analyzeSends leaves the rate out below 20 texts; a small clinic in a quick run has fewer.
        achievedPerSecond: (times.length - 1) / spanS,
        middleRate: a.middleRate,
        sustained: rateAfterFirstSecond(times),
        tailRate: a.tailRate,
        perSecond: a.perSecond,
      };
    };
    const run: FairnessRun = {
      large: perClinic('large', large, ids.large),
      small: perClinic('small', small, ids.small),
      queuedAfterS,
      strayTexts: messages.filter((m) => !ids.large.includes(workflowOf(m)) && !ids.small.includes(workflowOf(m))).length,
      failedRequests: twilio.requests.filter((r) => r.status !== 201).length,
      tasks: await taskStats(worker),
    };
    for (const c of [run.large, run.small]) {
      o.log(
        `  ${c.role} (${c.clients} clients, ${c.ratePerSecond}/s): ${c.delivered} reached, first text ${c.firstAfterReadyS.toFixed(1)} s and last ${c.lastAfterReadyS.toFixed(1)} s after the worker was ready; ` +
          `${c.achievedPerSecond.toFixed(1)}/s overall, ${c.sustained.rate.toFixed(2)}/s after its first second (${c.sustained.texts} texts), middle 80% at ${c.middleRate.toFixed(1)}/s, last 10% at ${c.tailRate.toFixed(1)}/s; per second ${c.perSecond.slice(0, 8).join(', ')}${c.perSecond.length > 8 ? ', ...' : ''}; ` +
          `dropped ${c.dropped}, duplicates ${c.duplicates}, from another number ${c.wrongSender}`,
      );
    }
    if (run.strayTexts) o.log(`  ${run.strayTexts} texts for workflows neither clinic started`);
    return run;
  } finally {
    await worker?.stop();
    await twilio.close();
    await smtp.close();
    await server.stop();
  }
}

/** The workflow a text belongs to, from its status callback (ids only, as the sender builds it). */
function workflowOf(m: StandInMessage): string {
  return new URL(m.statusCallback ?? 'x:/').searchParams.get('wf') ?? '';
}
