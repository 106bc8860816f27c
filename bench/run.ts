/**
 * `npm run bench` (issues 6 and 13): what one client costs, what one machine carries, and whether
 * one clinic's burst holds another's texts back. Not part of
 * `npm test`. Starts its own Temporal dev servers (one per measurement, in memory, loopback only),
 * the Twilio stand-in and the SMTP sink from dev/, the real worker (worker/main.ts, as its
 * own process) and the real HTTP API (api/main.ts, as its own process); prints a table and writes
 * bench/RESULTS.md.
 *
 *   npm run bench                    full run (item 7 at 100 000 clients alone is about 50 minutes on 2 cores, most of it the worker running 100 000 first tasks; RESULTS.md lists the minutes per stage)
 *   npm run bench -- --quick         smoke run: fewer repetitions, smaller N (minutes)
 *   npm run bench -- --only=enrollment,timeline,memory,burst,fairness   a subset
 *   npm run bench -- --out=/tmp/results.md                     write elsewhere
 *   npm run bench -- --only=fairness  replaces item 6 in the existing results file, keeping the others
 *   npm run bench -- --only=scale --scale-clients=20000   item 7 with fewer clients (default 100 000)
 *   npm run bench -- --only=scale --scale-bare=50000      item 7 with 50 000 bare starts each side of the import (default half the clients, up to 10 000)
 *   npm run bench -- --only=scale --scale-cache=30        item 7 with WORKER_MAX_CACHED_WORKFLOWS=30
 * When the results file is bench/RESULTS.md, the README's results table is written again from it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { buildWorkflowBundle } from '../worker/build-bundle';
import { loadConfig } from '../platform/config';
import { makeWorkDir, removeWorkDir } from './lib';
import { PROJECT_ROOT } from '../platform/paths';
import { machineInfo, otherActivity, type MachineInfo } from './machine';
import { cleanUpEverything } from './processes';
import { fmt, summarize, type Summary } from './stats';
import { benchFairness, type FairnessRun } from './fairness';
import { markedItem, spliceItem } from './results-file';
import { readmeWithResults } from './readme-table';
import { benchScale, type ScaleResult, type ScaleSettings } from './scale';
import { DEFAULT_CONCURRENCY as DEFAULT_IMPORT_CONCURRENCY } from '../app/import-limits';
import { PHASE_COUNTS_FRESH_MS, PHASE_COUNTS_STALE_MS, PHASE_COUNTS_WAIT_MS } from '../app/phase-counts-cache';
import { ACTIONS_PER_SESSION_GOAL, benchBurst, benchEnrollment, benchMemory, benchTimeline, type BurstRun, type EnrollmentResult, type MemoryResult, type TimelineResult } from './phases';

const PHASES = ['enrollment', 'timeline', 'memory', 'burst', 'fairness', 'scale'] as const;
type Phase = (typeof PHASES)[number];
/** The items of RESULTS.md each phase writes (rows, "how" block, "missed" block). */
const ITEMS_OF: Record<Phase, string[]> = { enrollment: ['1'], timeline: ['2', '5'], memory: ['3'], burst: ['4'], fairness: ['6'], scale: ['7'] };

interface Settings {
  quick: boolean;
  only: Set<Phase>;
  out: string;
  enrollment: { n: number; concurrency: number; reps: number };
  timeline: { reps: number };
  memory: { workflows: number; samples: number; goalMiB: number; sdkDefaultWorkflows: number };
  burst: { steps: number; rate: number; reps: number; onePartitionReps: number; unlimitedSteps: number; unlimitedRate: number; unlimitedReps: number; endToEndSteps: number; endToEndReps: number };
  fairness: { large: { clients: number; rate: number }; small: { clients: number; rate: number }; reps: number };
  scale: ScaleSettings & { goalMiB: number; ratioGoal: number; p95GoalMs: number };
}

function parseArgs(argv: string[]): Settings {
  let quick = false;
  let only = new Set<Phase>(PHASES);
  let out = RESULTS_FILE;
  let scaleClients: number | undefined;
  let scaleCache: number | undefined;
  let scaleBare: number | undefined;
  for (const arg of argv) {
    if (arg === '--quick') quick = true;
    else if (arg.startsWith('--scale-clients=')) {
      scaleClients = Number(arg.slice('--scale-clients='.length));
      if (!Number.isInteger(scaleClients) || scaleClients < 2) usage('--scale-clients= takes a whole number of clients, at least 2');
    } else if (arg.startsWith('--scale-bare=')) {
      scaleBare = Number(arg.slice('--scale-bare='.length));
      if (!Number.isInteger(scaleBare) || scaleBare < 1) usage('--scale-bare= takes a whole number of bare starts on each side of the import, at least 1');
    } else if (arg.startsWith('--scale-cache=')) {
      scaleCache = Number(arg.slice('--scale-cache='.length));
      if (!Number.isInteger(scaleCache) || scaleCache < 0) usage('--scale-cache= takes a whole number of workflows (WORKER_MAX_CACHED_WORKFLOWS)');
    }
    else if (arg.startsWith('--only=')) {
      const names = arg.slice('--only='.length).split(',').filter(Boolean);
      const unknown = names.filter((n) => !(PHASES as readonly string[]).includes(n));
      if (unknown.length) usage(`unknown phase(s): ${unknown.join(', ')}`);
      only = new Set(names as Phase[]);
    } else if (arg.startsWith('--out=')) out = path.resolve(arg.slice('--out='.length));
    else usage(`unknown argument: ${arg}`);
  }
  const scaleN = scaleClients ?? (quick ? 2000 : 100_000);
  return {
    quick,
    only,
    out,
    enrollment: quick ? { n: 100, concurrency: 16, reps: 2 } : { n: 400, concurrency: 16, reps: 5 },
    timeline: { reps: quick ? 2 : 5 },
    // The SDK-default comparison needs only enough workflows to fill that cache (about 2300 here).
    memory: { workflows: quick ? 1000 : 10_000, samples: 3, goalMiB: 150, sdkDefaultWorkflows: quick ? 1000 : 3000 },
    burst: quick
      ? { steps: 500, rate: 50, reps: 1, onePartitionReps: 1, unlimitedSteps: 500, unlimitedRate: 10_000, unlimitedReps: 1, endToEndSteps: 300, endToEndReps: 1 }
      : { steps: 5000, rate: 50, reps: 2, onePartitionReps: 2, unlimitedSteps: 2000, unlimitedRate: 10_000, unlimitedReps: 2, endToEndSteps: 1000, endToEndReps: 2 },
    // Issue 13's case: 5000 and 50 clients due at once. The rates keep the large clinic's burst to
    // 100 s (at a single long code's 1/s it would be 83 minutes) while staying ten to one apart.
    fairness: quick
      ? { large: { clients: 500, rate: 50 }, small: { clients: 50, rate: 5 }, reps: 1 }
      : { large: { clients: 5000, rate: 50 }, small: { clients: 50, rate: 5 }, reps: 1 },
    // Issue 17: 100 000 clients, 10 000 per clinic (the list and counts are timed for one of them).
    scale: {
      clients: scaleN,
      perClinic: 10_000,
      // What `aftercare import` uses unless told otherwise; the bare starts get as many in flight.
      concurrency: DEFAULT_IMPORT_CONCURRENCY,
      // Half the clients on each side, up to 10 000: enough for a steady rate without the server
      // keeping another 100 000 no-op runs (about 12 minutes of starts at 100 000 clients).
      barePerSide: scaleBare ?? Math.min(Math.ceil(scaleN / 2), 10_000),
      api: quick ? { reps: 3, requests: 20 } : { reps: 5, requests: 40 },
      samples: quick ? 2 : 3,
      ...(scaleCache === undefined ? {} : { cache: scaleCache }),
      goalMiB: 200,
      ratioGoal: 0.9,
      p95GoalMs: 500,
    },
  };
}

function usage(problem: string): never {
  process.stderr.write(`${problem}\nusage: npm run bench -- [--quick] [--only=${PHASES.join(',')}] [--out=file.md] [--scale-clients=N] [--scale-bare=N] [--scale-cache=N]\n`);
  process.exit(2);
}

interface Results {
  enrollment?: EnrollmentResult;
  timeline?: TimelineResult;
  /** The worker as configured (WORKER_MAX_CACHED_WORKFLOWS unset), then a smaller setting if that missed the goal. */
  memory?: MemoryResult[];
  /** For comparison: the SDK's own, memory-sized default cache. */
  memorySdkDefault?: MemoryResult;
  configuredCache?: number;
  memoryNote?: string;
  /** Modules per package in the workflow bundle: what each cached workflow evaluates again. */
  bundleModules?: Record<string, number>;
  phaseMinutes: Record<string, number>;
  burst?: BurstRun[];
  burstOnePartition?: BurstRun[];
  unlimited?: BurstRun[];
  endToEnd?: BurstRun[];
  fairness?: FairnessRun[];
  scale?: ScaleResult;
  /** Items whose measurement threw: the others are still written, and the run exits 1. */
  failed: { phase: Phase; message: string }[];
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const FAIRNESS_ITEM = '6';
/** Runs item 7 leaves on its server: the imported sessions and the bare no-op runs around them. */
const runsOnServer = (x: ScaleResult): number => x.clients + x.bare.reduce((n, b) => n + b.n, 0);

/** Item 1's goal: enrolment through the API ÷ a bare start on the same server (issue 17). */
const ENROLLMENT_RATIO_GOAL = 0.9;
const SCALE_ITEM = '7';
const RESULTS_FILE = path.join(PROJECT_ROOT, 'bench', 'RESULTS.md');
const README_FILE = path.join(PROJECT_ROOT, 'README.md');
let stopping = false;

// --- item 2: what a session's Actions are spent on ------------------------------------------------

/** One line per Action rule of item 2's session: how many, and why the design needs them. */
function actionsBreakdown(t: TimelineResult): string[] {
  const c = t.sample.actionsByRule;
  const acts = t.sample.activitiesByType;
  const n = (rule: string) => c[rule] ?? 0;
  const steps = acts.deliverStep ?? 0;
  const cancelled = t.sample.byType.TIMER_CANCELED ?? 0;
  return [
    `*Start (${n('workflow started')}) and the booking update (${n('update accepted')})*: inherent.`,
    `*Activities (${n('activity scheduled')}: ${Object.entries(acts).map(([k, v]) => `${k} ${v}`).join(', ')})*: one \`deliverStep\` per client step on both channels (activities/deliver-step.ts: the text, then the email, each by its own \`sendSms\`/\`sendEmail\` function with its own send record and dedupe key, so a retry sends only the channel that has not gone; a channel's permanent failure is returned, not thrown, so the other still goes), on the clinic's text queue so the server still holds texts to the clinic's rate; the booking's calendar update is an email of its own. ${steps ? `Per channel it would be ${2 * steps} sends.` : ''}`.trim(),
    `*Timers (${n('timer started')})*: one durable timer per step that waits (the welcome goes at once). The booking on day 3 wakes the run (the calendar update goes at once) but leaves days 5-7 at its instant, so that step's timer runs on (${cancelled} cancelled; before, one was cancelled and started again).`,
    `*Search-attribute upserts (${n('search attributes upserted')})*: at most one per workflow task (${t.sample.upsertsSharingATask} sharing a task) and only when a value changed: publish() marks them stale and one upsert carries the task's last state. None before the first step: the start sets \`DeliveryProblem=none\` with the others (app/enrollment-service.ts), and start attributes are free. One follows each step (\`NextStepAt\` and \`AftercarePhase\` move), one the booking; the last step's and the end's are one. Keeping \`NextStepAt\`/\`AftercarePhase\` out of search attributes (the API computing them from the plan) would save about one more per step.`,
  ];
}

// --- the table ------------------------------------------------------------------------------------

interface Row {
  item: string;
  metric: string;
  goal: string;
  measured: string;
  met: string;
  /** Why a goal is missed, in one line (the README's table shows it; the notes say more). */
  why?: string;
}

const yes = (ok: boolean) => (ok ? 'yes' : '**no**');

function rows(s: Settings, r: Results): Row[] {
  const out: Row[] = [];
  const e = r.enrollment;
  if (e) {
    const what = `N=${e.n}, ${e.concurrency} in flight, ${e.reps} reps`;
    out.push({ item: '1', metric: `Enrollment via HTTP API: throughput (${what})`, goal: '', measured: fmt(e.api.throughput, 0, '/s'), met: '' });
    out.push({ item: '1', metric: 'Enrollment via HTTP API: latency p50 / p95 / p99', goal: '', measured: `${fmt(e.api.p50, 1)} / ${fmt(e.api.p95, 1)} / ${fmt(e.api.p99, 1)} ms`, met: '' });
    out.push({ item: '1', metric: `Bare client.workflow.start (no-op): throughput (${what})`, goal: '', measured: fmt(e.bare.throughput, 0, '/s'), met: '' });
    out.push({ item: '1', metric: 'Bare client.workflow.start: latency p50 / p95 / p99', goal: '', measured: `${fmt(e.bare.p50, 1)} / ${fmt(e.bare.p95, 1)} / ${fmt(e.bare.p99, 1)} ms`, met: '' });
    const c = e.cpuPerRequest;
    out.push({ item: '1', metric: 'CPU per enrollment: API process + Temporal + load generator', goal: '', measured: `${fmt(c.api.apiProcess, 2)} + ${fmt(c.api.temporal, 2)} + ${fmt(c.api.loadGenerator, 2)} ms`, met: '' });
    out.push({ item: '1', metric: 'CPU per bare start: Temporal + load generator', goal: '', measured: `${fmt(c.bare.temporal, 2)} + ${fmt(c.bare.loadGenerator, 2)} ms`, met: '' });
    out.push({ item: '1', metric: 'Throughput ratio API / bare (per rep)', goal: `≥ ${ENROLLMENT_RATIO_GOAL}`, measured: fmt(e.ratio, 2), met: yes(e.ratio.median >= ENROLLMENT_RATIO_GOAL) });
    if (e.api.errors + e.bare.errors > 0) out.push({ item: '1', metric: 'Failed requests / starts', goal: '0', measured: `${e.api.errors} / ${e.bare.errors}`, met: 'no' });
  }
  const t = r.timeline;
  if (t) {
    out.push({ item: '2', metric: 'Temporal Actions per session (full timeline + booking)', goal: `≤ ${ACTIONS_PER_SESSION_GOAL}`, measured: fmt(t.actions, 0), met: yes(t.actions.median <= ACTIONS_PER_SESSION_GOAL) });
    out.push({ item: '2', metric: 'History events per session', goal: '≤ 200', measured: fmt(t.events, 0), met: yes(t.events.median <= 200) });
    out.push({ item: '2', metric: 'History size per session (protobuf bytes)', goal: '', measured: fmt(t.bytes, 0, ' B'), met: '' });
  }
  for (const m of [...(r.memory ?? []), ...(r.memorySdkDefault ? [r.memorySdkDefault] : [])]) {
    const cache = cacheLabel(m, r);
    const judged = m.cache !== 'sdk-default';
    out.push({ item: '3', metric: `Worker RSS idle → ${m.workflows} asleep, as the OS sees it (${cache})`, goal: '', measured: `${fmt(m.idleRawRssMiB, 0)} → ${fmt(m.loadedRawRssMiB, 0)} MiB`, met: '' });
    if (judged) out.push({ item: '3', metric: `Worker RSS above idle, as the OS sees it (${cache})`, goal: `(< ${s.memory.goalMiB} MB)`, measured: fmt(m.deltaRawRssMiB, 0, ' MiB'), met: m.deltaRawRssMiB.median * 1.048576 < s.memory.goalMiB ? 'yes' : 'no (see notes)' });
    out.push({
      item: '3',
      metric: `Worker RSS above idle after a full GC in every thread (${cache}; ${m.cachedWorkflows ?? '?'} cached)`,
      goal: judged ? `< ${s.memory.goalMiB} MB` : '',
      measured: fmt(m.deltaRssMiB, 0, ' MiB'),
      met: judged ? yes(m.deltaRssMiB.median * 1.048576 < s.memory.goalMiB) : '',
    });
    out.push({ item: '3', metric: `Worker V8 heap used, main + workflow thread, idle → loaded (${cache})`, goal: '', measured: `${fmt(m.idleHeapMiB, 0)} → ${fmt(m.loadedHeapMiB, 0)} MiB`, met: '' });
  }
  for (const [b, where] of [
    [r.burst, 'server-default partitions'],
    [r.burstOnePartition, 'SMS queue on 1 partition'],
  ] as const) {
    if (!b?.length) continue;
    const x = b[0]!.rateLimit;
    const what = `${b[0]!.steps} SMS due at once, limit ${x}/s, ${where}, ${b.length} reps`;
    const achieved = summarize(b.map((v) => v.achievedPerSecond));
    const maxAligned = summarize(b.map((v) => v.maxInAlignedSecond));
    const maxLater = summarize(b.map((v) => v.maxInLaterSecond));
    const maxSliding = summarize(b.map((v) => v.maxInSlidingSecond));
    const dropped = summarize(b.map((v) => v.dropped));
    const dups = b.reduce((a, v) => a + v.duplicates, 0);
    out.push({ item: '4', metric: `Burst: achieved rate (${what})`, goal: `≥ ${(0.95 * x).toFixed(1)}/s`, measured: fmt(achieved, 1, '/s'), met: yes(achieved.median >= 0.95 * x) });
    out.push({ item: '4', metric: `Burst (${where}): rate over the middle 80% / the last 10% of texts`, goal: '', measured: `${fmt(summarize(b.map((v) => v.middleRate)), 1)} / ${fmt(summarize(b.map((v) => v.tailRate)), 1)} /s`, met: '' });
    out.push({ item: '4', metric: `Burst (${where}): most sends in one clock second`, goal: `≤ ${x}`, measured: fmt(maxAligned, 0), met: yes(maxAligned.max <= x) });
    out.push({ item: '4', metric: `Burst (${where}): most in one clock second, from the third on`, goal: `(≤ ${x})`, measured: fmt(maxLater, 0), met: maxLater.max <= x ? 'yes' : 'no (see notes)' });
    out.push({ item: '4', metric: `Burst (${where}): most sends in any 1-s sliding window`, goal: `(≤ ${x})`, measured: fmt(maxSliding, 0), met: maxSliding.max <= x ? 'yes' : 'no (see notes)' });
    out.push({ item: '4', metric: `Burst (${where}): dropped (never sent) / sent twice`, goal: '0', measured: `${fmt(dropped, 0)} / ${dups}`, met: yes(dropped.max === 0 && dups === 0) });
  }
  const u = r.unlimited;
  if (u?.length) {
    const what = `${u[0]!.steps} SMS, limit ${u[0]!.rateLimit}/s, ${u.length} reps`;
    out.push({ item: '4', metric: `No limit: mean sends/s (${what})`, goal: '', measured: fmt(summarize(u.map((v) => v.achievedPerSecond)), 1, '/s'), met: '' });
    out.push({ item: '4', metric: 'No limit: most sends in one clock second', goal: '', measured: fmt(summarize(u.map((v) => v.maxInAlignedSecond)), 0), met: '' });
    out.push({ item: '4', metric: 'No limit: dropped / sent twice', goal: '0', measured: `${u.reduce((a, v) => a + v.dropped, 0)} / ${u.reduce((a, v) => a + v.duplicates, 0)}`, met: yes(u.every((v) => v.dropped === 0 && v.duplicates === 0)) });
  }
  const ee = r.endToEnd;
  if (ee?.length) {
    const what = `${ee[0]!.steps} just-started workflows, ${ee.length} reps`;
    out.push({ item: '4', metric: `No limit, end to end (each text waits for its workflow's first task): sends/s (${what})`, goal: '', measured: fmt(summarize(ee.map((v) => v.achievedPerSecond)), 1, '/s'), met: '' });
    out.push({ item: '4', metric: 'End to end: workflow tasks/s the worker completes', goal: '', measured: fmt(summarize(ee.map((v) => v.tasks.workflowTasks / v.spanSeconds)), 0, '/s'), met: '' });
  }
  const f = r.fairness;
  if (f?.length) {
    const { large: l, small: sm } = f[0]!;
    const what = `${l.clients} clients at ${l.ratePerSecond}/s and ${sm.clients} at ${sm.ratePerSecond}/s due at once, ${f.length} rep${f.length > 1 ? 's' : ''}`;
    const smallLast = summarize(f.map((v) => v.small.lastAfterReadyS));
    const steady = summarize(f.map((v) => v.large.middleRate));
    out.push({ item: FAIRNESS_ITEM, metric: `Fairness: the small clinic's last text, after the worker is ready (${what})`, goal: '≤ 60 s', measured: fmt(smallLast, 1, ' s'), met: yes(smallLast.max <= 60) });
    out.push({ item: FAIRNESS_ITEM, metric: `Fairness: the small clinic alone at its rate would need`, goal: '', measured: `${((sm.clients - 1) / sm.ratePerSecond).toFixed(1)} s`, met: '' });
    for (const role of ['large', 'small'] as const) {
      const c = f[0]![role];
      const share = summarize(f.map((v) => v[role].sustained.rate / v[role].ratePerSecond));
      const texts = summarize(f.map((v) => v[role].sustained.texts));
      out.push({
        item: FAIRNESS_ITEM,
        metric: `Fairness: the ${role} clinic's rate once its first second is past (its last ${texts.median.toFixed(0)} of ${c.clients} texts) / its sender's ${c.ratePerSecond}/s`,
        goal: '≥ 95%',
        measured: `${fmt(summarize(f.map((v) => v[role].sustained.rate)), 2, '/s')} = ${fmt(scale(share, 100), 1, '%')}`,
        met: yes(share.median >= 0.95),
      });
    }
    out.push({ item: FAIRNESS_ITEM, metric: `Fairness: the large clinic's middle 80% of texts / its sender's ${l.ratePerSecond}/s`, goal: '', measured: `${fmt(steady, 1, '/s')} = ${((100 * steady.median) / l.ratePerSecond).toFixed(1)}%`, met: '' });
    out.push({ item: FAIRNESS_ITEM, metric: 'Fairness: over all its texts, first to last: large / small clinic', goal: '', measured: `${fmt(summarize(f.map((v) => v.large.achievedPerSecond)), 1)} / ${fmt(summarize(f.map((v) => v.small.achievedPerSecond)), 1)} /s`, met: '' });
    out.push({ item: FAIRNESS_ITEM, metric: 'Fairness: over the last 10% of its texts: large / small clinic', goal: '', measured: `${fmt(summarize(f.map((v) => v.large.tailRate)), 1)} / ${fmt(summarize(f.map((v) => v.small.tailRate)), 1)} /s`, met: '' });
    const lost = f.reduce((a, v) => a + v.large.dropped + v.small.dropped, 0);
    const twice = f.reduce((a, v) => a + v.large.duplicates + v.small.duplicates, 0);
    const wrong = f.reduce((a, v) => a + v.large.wrongSender + v.small.wrongSender, 0);
    out.push({ item: FAIRNESS_ITEM, metric: 'Fairness: clients without a text / texts sent twice / from the wrong number (both clinics)', goal: '0 / 0 / 0', measured: `${lost} / ${twice} / ${wrong}`, met: yes(lost === 0 && twice === 0 && wrong === 0) });
    const stray = f.reduce((a, v) => a + v.strayTexts, 0);
    if (stray) out.push({ item: FAIRNESS_ITEM, metric: 'Fairness: texts for workflows neither clinic started', goal: '0', measured: String(stray), met: 'no' });
  }
  if (t) out.push({ item: '5', metric: 'Full timeline + booking under time skipping: wall time', goal: '', measured: fmt(scale(t.wallMs, 1 / 1000), 2, ' s'), met: '' });
  if (r.scale) out.push(...scaleRows(s, r.scale));
  for (const row of out) if (row.met === yes(false)) row.why = oneLineWhy(row, r);
  return out;
}

function scaleRows(s: Settings, x: ScaleResult): Row[] {
  const g = s.scale;
  const item = SCALE_ITEM;
  const bare = x.bare.map((b) => b.perSecond);
  const what = `${x.clients} rows, ${x.concurrency} in flight, no worker polling; against the bare starts before / after`;
  const cache = `WORKER_MAX_CACHED_WORKFLOWS ${x.worker.configuredCache}; ${x.worker.cachedWorkflows ?? '?'} cached`;
  const goalMiB = g.goalMiB / 1.048576;
  const out: Row[] = [
    { item, metric: `Scale: import ÷ bare workflow.start, rows/s (${what})`, goal: `≥ ${g.ratioGoal}`, measured: fmt(x.ratio, 2), met: yes(x.ratio.median >= g.ratioGoal) },
    {
      item,
      metric: 'Scale: `aftercare import` rows/s, spawn to exit (by its own count) / bare starts/s (before, after)',
      goal: '',
      measured: `${x.importPerSecond.toFixed(0)}/s (${(x.import.rows / x.import.seconds).toFixed(0)}/s) / ${bare.map((b) => b.toFixed(0)).join(', ')} /s`,
      met: '',
    },
    { item, metric: `Scale: the importer's peak RSS, its own / the OS's (${x.clients}-row file, ${x.csvMiB.toFixed(1)} MiB)`, goal: '', measured: `${x.import.peakRssMiB.toFixed(0)} / ${x.import.osPeakMiB.toFixed(0)} MiB`, met: '' },
    { item, metric: `Scale: worker RSS idle → ${x.clients} asleep, as the OS sees it (${cache})`, goal: '', measured: `${fmt(x.worker.idleRaw, 0)} → ${fmt(x.worker.loadedRaw, 0)} MiB`, met: '' },
    { item, metric: 'Scale: worker RSS above idle, as the OS sees it', goal: `(< ${g.goalMiB} MB)`, measured: fmt(x.worker.deltaRaw, 0, ' MiB'), met: x.worker.deltaRaw.median < goalMiB ? 'yes' : 'no (see notes)' },
    { item, metric: `Scale: worker RSS above idle after a full GC in every thread, ${x.clients} asleep`, goal: `< ${g.goalMiB} MB`, measured: fmt(x.worker.delta, 0, ' MiB'), met: yes(x.worker.delta.median < goalMiB) },
    {
      item,
      metric: `Scale: dev server RSS (the temporal process, /proc): idle → ${x.clients} sessions and ${x.clients} no-op runs started → sessions asleep (peak)`,
      goal: '',
      measured: `${x.server.idleMiB.toFixed(0)} → ${x.server.afterStartsMiB.toFixed(0)} → ${x.server.loadedMiB.toFixed(0)} (${x.server.peakMiB.toFixed(0)}) MiB`,
      met: '',
    },
    {
      item,
      metric: `Scale: client list \`GET /api/enrollments?clinicId=\` of a clinic with ${x.listedClinic.clients} clients (${x.list.size} rows an answer): p95 per round of ${x.list.requests / x.list.p95.n}`,
      goal: `< ${g.p95GoalMs} ms`,
      measured: fmt(x.list.p95, 0, ' ms'),
      met: yes(x.list.p95.median < g.p95GoalMs && x.list.errors === 0),
    },
  ];
  if (x.counts) {
    out.push({
      item,
      metric: `Scale: counts \`GET /api/clinics/:clinicId/numbers\` of that clinic (${x.counts.size} running counted; phase counts kept up to ${PHASE_COUNTS_FRESH_MS / 1000} s): p95 per round of ${x.counts.requests / x.counts.p95.n}`,
      goal: `< ${g.p95GoalMs} ms`,
      measured: fmt(x.counts.p95, 0, ' ms'),
      met: yes(x.counts.p95.median < g.p95GoalMs && x.counts.errors === 0),
    });
    out.push({
      item,
      metric: `Scale: counts of a clinic nobody asked for in a while: the first answer (waits up to ${PHASE_COUNTS_WAIT_MS / 1000} s for the phases) / the phases counted`,
      goal: '',
      measured: `${x.counts.firstAnswerMs.toFixed(0)} ms / ${x.counts.firstMs.toFixed(0)} ms`,
      met: '',
    });
  } else {
    out.push({ item, metric: 'Scale: counts `GET /api/clinics/:clinicId/numbers`', goal: `< ${g.p95GoalMs} ms`, measured: 'not measured: the route is not in this tree yet (TODO)', met: '' });
  }
  out.push({ item, metric: 'Scale: wall time by stage', goal: '', measured: Object.entries(x.minutes).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ') + ' min', met: '' });
  return out;
}

/** One line on why `row`'s goal is missed, from this run's numbers; the notes in RESULTS.md say more. */
function oneLineWhy(row: Row, r: Results): string {
  const e = r.enrollment;
  const t = r.timeline;
  const x = r.scale;
  switch (row.item) {
    case '1':
      if (e) {
        const c = e.cpuPerRequest;
        const api = c.api.apiProcess.median + c.api.temporal.median + c.api.loadGenerator.median;
        const bare = c.bare.temporal.median + c.bare.loadGenerator.median;
        return `the API, Temporal and the load generator share ${os.cpus().length} cores: ${api.toFixed(1)} ms of CPU per enrolment against ${bare.toFixed(1)} ms per bare start`;
      }
      break;
    case '2':
      if (t) return `per session: ${Object.entries(t.sample.actionsByRule).map(([k, v]) => `${v} ${k}`).join(', ')}`;
      break;
    case '4':
      return "Temporal's limiter holds one second's worth, so a backlog gets up to twice the limit in its first second";
    case FAIRNESS_ITEM: {
      const f = r.fairness?.[0];
      const role = /small clinic/.test(row.metric) ? 'small' : /large clinic/.test(row.metric) ? 'large' : undefined;
      if (f && role && /rate/.test(row.metric)) {
        const c = f[role];
        return c.sustained.texts < 2 ? `only ${c.sustained.texts} of its texts came after its first second: too few to time` : `its texts went ${c.perSecond.slice(0, 12).join(' ')}${c.perSecond.length > 12 ? ' …' : ''} per second against ${c.ratePerSecond}/s`;
      }
      if (f && /last text/.test(row.metric)) return `its first text came ${f.small.firstAfterReadyS.toFixed(1)} s after the worker was ready`;
      if (f && /without a text/.test(row.metric)) return `${f.large.dropped + f.small.dropped} clients had no text 30 s after the last send; ${f.failedRequests} failed requests at the stand-in`;
      return 'see the per-second counts in the notes';
    }
    case SCALE_ITEM:
      if (x && /import/.test(row.metric)) return `the import ran at ${x.importPerSecond.toFixed(0)} rows/s (${(x.import.wallS - x.import.seconds).toFixed(1)} s of it outside its own count) against ${x.bare.map((b) => b.perSecond.toFixed(0)).join(' and ')} bare starts/s`;
      if (x && /worker RSS/.test(row.metric)) return `${x.worker.cachedWorkflows ?? '?'} workflows cached; the worker's cache, not the number asleep, sets its memory`;
      if (x && /counts/.test(row.metric) && x.counts) return `the phases are counted once per ${PHASE_COUNTS_FRESH_MS / 1000} s and clinic (a count costs ${x.counts.firstMs.toFixed(0)} ms cold): visibility counts by phase on the dev server's SQLite holding ${runsOnServer(x)} runs, plus the send records in SQL, on cores the server and the API share`;
      if (x && /counts/.test(row.metric)) return `visibility counts by phase on the dev server's SQLite holding ${runsOnServer(x)} runs, plus the send records in SQL, on cores the server and the API share`;
      if (x && /list/.test(row.metric)) return `a visibility query on the dev server's SQLite holding ${runsOnServer(x)} runs, ${x.list.size} rows an answer, on cores the server and the API share`;
      break;
    default:
      break;
  }
  return 'see the notes';
}

function scale(s: Summary, k: number): Summary {
  return { median: s.median * k, min: s.min * k, max: s.max * k, q1: s.q1 * k, q3: s.q3 * k, n: s.n };
}

function textTable(all: Row[]): string {
  const head: Row = { item: '#', metric: 'metric', goal: 'goal', measured: 'measured: median (min–max, n)', met: 'met?' };
  const cols = ['item', 'metric', 'goal', 'measured', 'met'] as const;
  const widths = cols.map((c) => Math.max(...[head, ...all].map((r) => r[c].replace(/\*\*/g, '').length)));
  const line = (r: Row) => cols.map((c, i) => r[c].replace(/\*\*/g, '').padEnd(widths[i]!)).join(' | ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-+-'), ...all.map(line)].join('\n');
}

function mdTable(all: Row[]): string {
  return [
    '| # | metric | goal | measured: median (min–max, n) | met? |',
    '|---|---|---|---|---|',
    ...all.map((r) => `| ${r.item} | ${r.metric} | ${r.goal || '—'} | ${r.measured} | ${r.met || '—'}${r.why ? ` — ${r.why.replace(/\|/g, '/')} ([why](#why-${r.item}))` : ''} |`),
  ].join('\n');
}

// --- RESULTS.md -----------------------------------------------------------------------------------

interface RunMeta {
  command: string;
  started: Date;
  minutes: number;
  /** The 1-minute load average when the run started. */
  loadAtStart: number;
  busyBefore: string[];
  busyAfter: string[];
  busyDuring: Map<string, number>;
}

function resultsMarkdown(s: Settings, r: Results, m: MachineInfo, meta: RunMeta): string {
  const all = rows(s, r);
  const lines: string[] = [];
  const p = (...l: string[]) => lines.push(...l);
  p('# Benchmark results (issues 6, 13 and 17)', '');
  p(`Produced by \`${meta.command}\` on ${meta.started.toISOString()} in **${s.quick ? 'quick (smoke) mode: fewer repetitions and a smaller N, not the reference numbers' : 'full mode'}**; the run took ${meta.minutes.toFixed(1)} minutes.`);
  p('Every figure is the median over repetitions, with min–max and n. Nothing in this file is written by hand: `npm run bench` rewrites it.', '');
  p('## Machine and versions', '');
  p(`- CPU: ${m.cpuModel}, ${m.cores} cores; memory ${m.memoryGiB} GiB; ${m.os}`);
  p(`- Node ${m.node}; ${m.sdk}; Temporal CLI: ${m.temporalCli.replace(/\n/g, ' ')}; ${m.testServer}`);
  p('- Temporal: `temporal server start-dev --headless` (in-memory SQLite), a fresh one for each of items 1, 3, 7 and each burst and fairness run; the search attributes registered as `npm start` does. Item 2 and 5: the time-skipping test server.');
  p('- Everything on 127.0.0.1: the worker (`worker/main.ts`, own process, prebuilt workflow bundle, LOG_LEVEL=info to a file), the HTTP API (`api/main.ts`, own process), the Twilio stand-in and SMTP sink (dev/) in the bench process.');
  p(`- Other processes busy when the run started: ${meta.busyBefore.length ? '' : 'none seen.'}`);
  for (const b of meta.busyBefore) p(`  - ${b}`);
  p(`- Other processes busy when it ended: ${meta.busyAfter.length ? '' : 'none seen.'}`);
  for (const b of meta.busyAfter) p(`  - ${b}`);
  const during = [...meta.busyDuring].sort((a, b) => b[1] - a[1]).slice(0, 10);
  p(`- Other processes seen above 20% CPU during the run (sampled every 20 s; samples seen): ${during.length ? '' : 'none.'}`);
  for (const [what, n] of during) p(`  - ${n} × ${what}`);
  p(`- Minutes per item: ${Object.entries(r.phaseMinutes).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}.`);
  for (const f of r.failed) p(`- **Item ${ITEMS_OF[f.phase].join(', ')} failed in this run** and has no figures here: ${f.message}`);
  p('', '## Results', '', mdTable(all), '');

  p('## How each figure is measured', '');
  p('Each item\'s text sits between `<!-- item N -->` markers: a run of some items (`--only=`) replaces those items\' rows and texts and keeps the others (bench/results-file.ts).', '');
  // Everything `body` writes becomes item `name`'s block, headed by the run that measured it.
  const block = (name: string, body: () => void) => {
    const at = lines.length;
    body();
    const inner = lines.splice(at);
    if (inner.length) p(...markedItem(name, [provenance(s, meta), '', ...inner]));
  };
  block('1', () => {
  if (r.enrollment) {
    const e = r.enrollment;
    p(
      `**1. Enrollment.** ${e.reps} repetitions; in each, ${e.n} \`POST /api/enrollments\` (valid bodies, distinct clients, Bearer key, ${e.concurrency} requests in flight, keep-alive) to the real API process, and back to back on the same dev server ${e.n} bare \`client.workflow.start\` of a no-op workflow type from the bench process (one gRPC connection, ${e.concurrency} in flight); the order alternates between repetitions, after a warm-up of 50 of each. Throughput = completed / wall time; latencies are per request; the ratio is taken per repetition. No worker polls during this item, so both sides measure the start path alone (validation, plan, phone hash, search attributes and the start on one side; the start alone on the other). The API's per-key limit is raised to 100 000/min for the run (the default 120/min would be measured instead).`,
      '',
    );
  }
  });
  block('2', () => {
  if (r.timeline) {
    const t = r.timeline;
    const c = t.sample;
    p(
      `**2. Cost per session.** One session enrolled in a zone where it is daytime (the welcome goes at once), SMS and email consented, booked on day 3 for day 25 (the \`recordBooking\` update), run to completion on the time-skipping server with the real activities against the Twilio stand-in and SMTP sink (dev/aftercare-harness.ts); then its real history is fetched and counted. ${t.reps} repetitions.`,
      '',
      `Steps sent: ${t.steps.join(', ')}; ${t.smsPerSession} texts and ${t.emailsPerSession} emails (client and clinic) per session.`,
      '',
      'Actions are counted by Temporal Cloud\'s published rules (https://docs.temporal.io/cloud/actions): *Workflow started* 1; *Activity started or retried*: each ActivityTaskScheduled plus (attempt − 1) of each ActivityTaskStarted; *Timer started* 1 each, "including implicit Timers … `condition` in TypeScript"; *Signal sent* 1 per signal received; *Update received by Worker* 1 per accepted (or rejected) update; *Search Attribute upsert requested* 1 per UpsertWorkflowSearchAttributes command ("Search Attributes specified during Workflow start are excluded"; TemporalChangeVersion exempt); local activities 1 per workflow task; child workflow start 2. Queries are billed (1 each) but leave no event, so they are not in the count: each `status` call (CLI, API, front-desk page) adds one.',
      '',
      '| Action rule | count |',
      '|---|---|',
      ...Object.entries(c.actionsByRule).map(([k, v]) => `| ${k} | ${v} |`),
      `| **total** | **${c.actions}** |`,
      '',
      `Activities by type: ${Object.entries(c.activitiesByType).map(([k, v]) => `${k} ${v}`).join(', ')}; retries ${c.activityRetries}.`,
      '',
      "**Where a session's Actions go** (runs started since issue 17's patches, workflows/lean-session.ts):",
      '',
      ...actionsBreakdown(t).map((line) => `- ${line}`),
      '',
      '| history event type | count |',
      '|---|---|',
      ...Object.entries(c.byType).sort((a, b) => b[1] - a[1]).map(([k, v]) => `| ${k} | ${v} |`),
      `| **total** | **${c.events}** |`,
      '',
    );
  }
  });
  block('3', () => {
  if (r.memory?.length) {
    const first = r.memory[0]!;
    p(
      `**3. Worker memory.** The worker process alone (\`node --expose-gc --import tsx worker/main.ts\` with a preload, bench/worker-probe.cjs, that reports \`process.memoryUsage()\` and the threads' V8 heaps over IPC). Idle = ready and polling, 5 s after start, no workflows. Then ${first.workflows} aftercare workflows are started through \`startAftercare\` (the enrollment service's start, 32 at a time) for clients in a zone where it is night (${first.zone}), so each welcome waits ${first.welcomeInHours.toFixed(1)} h for the sending window: each workflow runs its first task (search attributes, timer) and sleeps, and nothing is sent. "Asleep" = the worker's completed workflow tasks (Core metric) reach ${first.workflows} and the task queue's backlog is 0; then 10 s settle and ${s.memory.samples} samples. Each sample is taken twice: as it is (RSS as the OS sees it), and after a full GC in every thread of the process (the preload runs in the SDK's workflow thread too, where the cached workflows live, and is asked over a BroadcastChannel), which is the memory the workflows really hold; the goal is judged on the latter. "Heap" is the V8 heap used by the main thread and the workflow thread together. The cache size is Core's \`temporal_sticky_cache_size\`.`,
      '',
    );
    for (const m of [...r.memory, ...(r.memorySdkDefault ? [r.memorySdkDefault] : [])]) {
      p(`- ${cacheLabel(m, r)}: ${m.workflows} started at ${m.startRate.toFixed(0)}/s, all asleep ${m.settleSeconds.toFixed(0)} s after the first start (${m.tasks.workflowTasks} workflow tasks, ${m.tasks.workflowTaskMeanMs.toFixed(0)} ms mean in the worker, queueing included); ${m.cachedWorkflows ?? '?'} in the worker's cache; RSS +${m.deltaRssMiB.median.toFixed(0)} MiB after GC (+${m.deltaRawRssMiB.median.toFixed(0)} MiB as the OS saw it), V8 heap of the workflow thread ${m.workflowThreadHeapMiB.median.toFixed(0)} MiB.`);
    }
    if (r.memoryNote) p('', r.memoryNote);
    p('');
  }
  });
  block('4', () => {
  if (r.burst?.length || r.unlimited?.length) {
    const b = r.burst?.[0] ?? r.unlimited![0]!;
    p(
      `**4. Burst.** "${b.steps} steps due at the same instant" is made like this: ${b.steps} aftercare workflows are started (as above) for clients in a zone where it is daytime, SMS consent only (no email, so only texts are measured), so each one's welcome is due at its start. While they start, a workflow-only worker inside the bench (the same bundle on the \`aftercare\` queue, no activities) runs each one's first workflow task, which schedules its \`sendSms\` on its clinic's queue, \`aftercare-sms-bench-burst\`; once the server reports all ${b.steps} texts waiting there, it stops. The clinic is added to the worker's database beforehand (bench/clinics.ts) with its sender's rate set to the limit measured; the real worker process then starts and polls that queue with \`maxTaskQueueActivitiesPerSecond\` = the clinic's rate (worker/clinic-sms-workers.ts; a limit the server enforces across every worker on that queue). So all ${b.steps} texts are due, and waiting, at the instant the worker starts. This runs twice: on a dev server as \`npm start\` runs it (the server's default task-queue partitions), and on one started with every task queue on one partition (\`--dynamic-config-value matching.numTaskqueueReadPartitions=1\`, \`matching.numTaskqueueWritePartitions=1\`). Each text is timed where it arrives, at the Twilio stand-in (its \`dateCreated\`); "achieved" = (sent − 1) / (last − first); "most in one clock second" counts sends per whole wall-clock second; the sliding figure is the most in any 1000 ms window. Dropped = workflows whose welcome never reached the stand-in (the bench waits up to twice the expected time, stopping after 30 s without a send). "No limit" is the same with the limit at ${r.unlimited?.[0]?.rateLimit ?? 10_000}/s, the schema's maximum. "End to end" skips the workflow-only worker: the real worker starts on just-started workflows, so each text also waits for its workflow's first task (what happens when many workflows wake at once and are not in the worker's cache).`,
      '',
    );
    for (const v of [...(r.burst ?? []), ...(r.burstOnePartition ?? []), ...(r.unlimited ?? []), ...(r.endToEnd ?? [])]) {
      p(
        `- limit ${v.rateLimit}/s, ${v.steps} texts, ${v.partitions === 'default' ? 'default partitions' : `${v.partitions} partition`}: ${v.delivered} sent over ${v.spanSeconds.toFixed(1)} s, ${v.achievedPerSecond.toFixed(1)}/s; per clock second ${v.perSecond.slice(0, 8).join(', ')}${v.perSecond.length > 8 ? ', …' : ''}; middle 80% at ${v.middleRate.toFixed(1)}/s, last 10% at ${v.tailRate.toFixed(1)}/s; first text ${(v.firstSendAfterReadyMs / 1000).toFixed(1)} s after the worker was ready; ${v.tasks.workflowTasks} workflow tasks in the worker (${v.tasks.workflowTaskMeanMs.toFixed(0)} ms mean, queueing in the worker included); failed requests ${v.failedRequests}.`,
      );
    }
    p('', '<details><summary>Texts per clock second, every run</summary>', '');
    for (const v of [...(r.burst ?? []), ...(r.burstOnePartition ?? []), ...(r.unlimited ?? []), ...(r.endToEnd ?? [])]) {
      p(`- limit ${v.rateLimit}/s, ${v.partitions === 'default' ? 'default partitions' : `${v.partitions} partition`}, ${v.steps} texts${v.preQueued ? '' : ', end to end'}: ${v.perSecond.join(' ')}`);
    }
    p('', '</details>', '');
  }
  });
  block('5', () => {
  if (r.timeline) {
    p(`**5. Time skipping.** Wall time of item 2's run, from the start call to the result (including the 3-day sleep before the booking, skipped), on a warm harness (the workflow bundle and server already up). ${r.timeline.reps} repetitions.`, '');
  }
  });
  block(FAIRNESS_ITEM, () => {
    if (r.fairness?.length) p(...fairnessMethod(r.fairness));
  });
  block(SCALE_ITEM, () => {
    if (r.scale) p(...scaleMethod(r.scale, s));
  });
  p('## Goals missed, and why', '');
  p('Under each item that missed a goal: the rows, then why and what would meet it. Rows marked "no (see notes)" have no goal of their own (the goal is in parentheses): they qualify a goal above.', '');
  const why = explanations(s, r);
  const ran = [...s.only].flatMap((phase) => ITEMS_OF[phase]).sort((a, b) => Number(a) - Number(b));
  for (const name of ran) {
    const missedRows = all.filter((row) => row.item === name && row.met === yes(false));
    const body =
      name === FAIRNESS_ITEM && r.fairness?.length
        ? fairnessMissed(r.fairness, missedRows, meta.loadAtStart)
        : [...missedRows.map((row) => `- ${row.metric}: ${row.measured} against ${row.goal}.`), ...(missedRows.length ? [''] : []), ...(why[name] ?? [])];
    p(...markedItem(`${name}: missed`, body.some(Boolean) ? [`<a id="why-${name}"></a>`, '', ...body] : []));
  }
  return `${lines.join('\n')}\n`;
}

/** The line that heads each item's text: which run measured it, and how busy the machine was. */
function provenance(s: Settings, meta: RunMeta): string {
  const busy = meta.busyBefore.length ? `; the busiest other processes then: ${meta.busyBefore.slice(0, 5).map((b) => b.replace(/^pid \d+, /, '').slice(0, 80)).join('; ')}` : '';
  return `*From \`${meta.command}\` on ${meta.started.toISOString()}, ${s.quick ? 'quick (smoke) mode' : 'full mode'}; load average ${meta.loadAtStart.toFixed(1)} on ${os.cpus().length} cores when it started${busy}.*`;
}

/** Why a goal is missed and what would cut it, from the numbers of this run: paragraphs by item. */
function explanations(s: Settings, r: Results): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const add = (item: string, ...paragraphs: string[]) => {
    for (const paragraph of paragraphs) if (paragraph) (out[item] ??= []).push(paragraph, '');
  };
  const e = r.enrollment;
  if (e && e.ratio.median < ENROLLMENT_RATIO_GOAL) {
    const c = e.cpuPerRequest;
    const apiTotal = c.api.apiProcess.median + c.api.temporal.median + c.api.loadGenerator.median;
    const bareTotal = c.bare.temporal.median + c.bare.loadGenerator.median;
    add('1',
      `**Enrollment ratio (${e.ratio.median.toFixed(2)} < ${ENROLLMENT_RATIO_GOAL}).** On this machine the API process, the Temporal server and the load generator share ${os.cpus().length} cores, so throughput follows the CPU each request costs all of them together: ` +
        `${apiTotal.toFixed(2)} ms per enrollment (${c.api.apiProcess.median.toFixed(2)} ms of it in the API process, ${c.api.temporal.median.toFixed(2)} ms in Temporal) against ${bareTotal.toFixed(2)} ms per bare start (${c.bare.temporal.median.toFixed(2)} ms in Temporal); the inverse ratio, ${(bareTotal / apiTotal).toFixed(2)}, is close to the measured one. ` +
        'What an enrollment costs beyond the start (CPU profiles of the API process under this load, taken while tuning it, not part of the run): ' +
        'before issue 17, one `describe` per planned session for runs under first-scheme workflow IDs (app/legacy-sessions.ts) and a touch-up `signal`, all but always answered not-found (each error also builds two source-mapped stack traces in gRPC), and one PGlite statement each for the clinic read and the audit entry (about 0.6 ms of CPU per statement whatever its rows). ' +
        'Now a clinic with no first-scheme run is found so once (one visibility count) and its enrolments skip the look-ups; valid time zones are remembered (Luxon builds an Intl formatter per check); the body is parsed once (`enrollParsed` takes it parsed); the API remembers each clinic for a second (platform/cached-clinics.ts) and writes the audit entries of one event-loop turn with one insert (platform/database/audit-store.ts), which took the embedded database from about 30% of the API\'s CPU per enrolment to about 13%. ' +
        'What is left: the richer start itself (input, search attributes, the plan in the Temporal UI details, which Temporal stores and indexes: compare the two Temporal figures), Luxon in `buildPlan`, the touch-up signal (one RPC: no cheap way to know that a client has no running touch-up run, see app/touch-ups.ts), and the HTTP and gRPC stacks. ' +
        'With the API on cores of its own (as in production, where Temporal is elsewhere) the start is the same call in both paths, and the ratio is bounded by the API\'s own CPU per request rather than by the shared cores.',
    );
  }
  const t = r.timeline;
  if (t && t.actions.median > ACTIONS_PER_SESSION_GOAL) {
    add('2', `**Actions per session (${t.actions.median} > ${ACTIONS_PER_SESSION_GOAL}).** See "Where a session's Actions go" under item 2: ${actionsBreakdown(t).join(' ')}`);
  }
  if (t && t.events.median > 200) add('2', `**History events (${t.events.median} > 200).** See the event table above.`);
  const m = r.memory?.[0];
  if (m && m.deltaRssMiB.median * 1.048576 >= s.memory.goalMiB) {
    add('3', `**Worker memory (+${m.deltaRssMiB.median.toFixed(0)} MiB with ${cacheLabel(m, r)}).** See "What a cached workflow costs" under item 3.`);
  }
  if (m && m.deltaRawRssMiB.median * 1.048576 >= s.memory.goalMiB && m.deltaRssMiB.median * 1.048576 < s.memory.goalMiB) {
    add('3', 
      `**RSS as the OS sees it (+${m.deltaRawRssMiB.median.toFixed(0)} MiB) against after GC (+${m.deltaRssMiB.median.toFixed(0)} MiB).** The difference is garbage the workflow thread's V8 heap has not collected yet: ` +
        `${m.workflows} first workflow tasks went through a ${m.cachedWorkflows ?? '?'}-workflow cache, each evaluating the workflow's modules afresh, and V8 collects lazily while its heap is far from its limit. ` +
        'A forced GC in every thread brings the process back to what the cached workflows hold.',
    );
  }
  const b = r.burst;
  const one = r.burstOnePartition;
  const x = (b ?? one)?.[0]?.rateLimit;
  if (x !== undefined && b?.length && (summarize(b.map((v) => v.achievedPerSecond)).median < 0.95 * x || summarize(b.map((v) => v.tailRate)).median < 0.9 * x)) {
    const tail = summarize(b.map((v) => v.tailRate)).median;
    const middle = summarize(b.map((v) => v.middleRate)).median;
    const achieved = summarize(b.map((v) => v.achievedPerSecond)).median;
    const oneAchieved = one?.length ? summarize(one.map((v) => v.achievedPerSecond)).median : undefined;
    add('4', 
      `**The end of a burst with the server's default partitions (achieved ${achieved.toFixed(1)}/s: goal ${achieved >= 0.95 * x ? 'met, with little margin' : 'missed'}).** ` +
        `In the middle of the burst the texts go at ${middle.toFixed(1)}/s, but the last 10% only at ${tail.toFixed(1)}/s (about ${(x / tail).toFixed(1)} times slower). ` +
        'A task queue is split into partitions (the dev server, like a default cluster, uses several), and the figures fit the server applying `maxTaskQueueActivitiesPerSecond` per partition, each partition getting its share of the limit: ' +
        `the ${b[0]!.steps} texts are spread over the partitions unevenly, so near the end only the fullest partitions still have texts, and they drain at their share only. ` +
        (oneAchieved !== undefined
          ? `With every task queue on one partition (dev server: \`--dynamic-config-value matching.numTaskqueueReadPartitions=1\` and \`...WritePartitions=1\`) the same burst achieves ${oneAchieved.toFixed(1)}/s${oneAchieved >= 0.95 * x ? ' and meets the goal' : ''}. `
          : '') +
        'So: give the SMS queues a single partition in the cluster\'s dynamic config (both keys; a constraint names one `taskQueueName`, so with a queue per clinic that is an entry per clinic queue, or the namespace\'s default; on Temporal Cloud this is a support request). At tens of texts per second one partition is ample; the `aftercare` queue keeps its partitions.',
    );
  }
  const all = [...(b ?? []), ...(one ?? [])];
  if (x !== undefined && all.length && Math.max(...all.map((v) => v.maxInAlignedSecond)) > x) {
    const firstTwo = all.map((v) => `${v.perSecond[0] ?? 0}+${v.perSecond[1] ?? 0}`);
    const later = Math.max(...all.map((v) => v.maxInLaterSecond));
    add('4', 
      `**Most sends in one second (${Math.max(...all.map((v) => v.maxInAlignedSecond))} > ${x}).** Two causes. ` +
        `(1) The start of a burst: the first two clock seconds (the first one partial) carried ${firstTwo.join(', ')} texts in the ${all.length} runs: the server's limiter lets about one second's worth through at once when a backlog meets it (a token bucket whose burst is one second of the limit), so up to about 2×${x} land in the first second. ` +
        `(2) Later seconds reach ${later} at most: each text is timed on arrival at the stand-in, not at dispatch, so when the worker stalls for a moment (it shares the cores with the Temporal server, its own workflow tasks and whatever else runs on the machine) the texts dispatched meanwhile arrive together, and the limiter, having saved up its burst during the stall, lets a catch-up through. ` +
        'Over any longer window the limit holds (the achieved rates above). For Twilio such a burst costs a short wait, not a failure: Twilio queues each sender\'s messages at its rate and fails them only after 4 hours in its queue (https://www.twilio.com/docs/api/errors/30001). ' +
        'If a hard "never more than X in any second" is needed, set SMS_RATE_LIMIT_PER_SECOND to X/2 (the worst second is then about X), at half the throughput.',
    );
  }
  const sc = r.scale;
  if (sc) {
    const x = sc;
    const g = s.scale;
    if (x.ratio.median < g.ratioGoal) {
      add(
        SCALE_ITEM,
        `**Import ÷ bare (${x.ratio.median.toFixed(2)} < ${g.ratioGoal}).** The import took ${x.import.wallS.toFixed(1)} s from spawn to exit for ${x.import.rows} rows, ${x.import.seconds.toFixed(1)} s of it by its own count (the rest is Node and tsx starting and the database opening); the bare starts went at ${x.bare.map((b) => b.perSecond.toFixed(0)).join(' and ')}/s. ` +
          'Each imported row is a whole enrolment (the row checked as the API checks a body, the plan built, the phone hashed, the start with its search attributes and payload) where a bare start sends an empty no-op start; on a machine whose cores the importer and the server share, the ratio follows the CPU each side costs (item 1\'s notes). Item 1 is the same path over HTTP.',
      );
    }
    if (x.worker.delta.median * 1.048576 >= g.goalMiB) {
      add(SCALE_ITEM, `**Worker memory at ${x.clients} (+${x.worker.delta.median.toFixed(0)} MiB after GC).** The cache held ${x.worker.cachedWorkflows ?? '?'} workflows (WORKER_MAX_CACHED_WORKFLOWS ${x.worker.configuredCache}); see item 3 for what one cached workflow costs.`);
    }
    if (x.worker.deltaRaw.median * 1.048576 >= g.goalMiB && x.worker.delta.median * 1.048576 < g.goalMiB) {
      add(
        SCALE_ITEM,
        `**Worker RSS as the OS sees it (+${x.worker.deltaRaw.median.toFixed(0)} MiB) against after GC (+${x.worker.delta.median.toFixed(0)} MiB).** ${x.clients} first workflow tasks went through a ${x.worker.cachedWorkflows ?? '?'}-workflow cache, each evaluating the workflow's modules afresh; V8 collects that garbage lazily while its heap is far from its limit, and the OS keeps pages V8 has freed until it needs them. A full GC brings the process back to what the cached workflows hold (item 3).`,
      );
    }
    for (const [what, timing] of [
      ['client list', x.list],
      ['counts', x.counts],
    ] as const) {
      if (timing && (timing.p95.median >= g.p95GoalMs || timing.errors > 0)) {
        add(
          SCALE_ITEM,
          `**The ${what} (p95 ${timing.p95.median.toFixed(0)} ms, ${timing.errors} errors${timing.firstError ? `, first: ${timing.firstError.slice(0, 120)}` : ''}).** \`${timing.path}\` asks the dev server's visibility store (its SQLite file, as \`npm start\` keeps it) holding every run of the server (${runsOnServer(x)} here, the bare no-op runs included), with the clinic as a search-attribute filter${what === 'counts' ? ` (one count per phase, kept ${PHASE_COUNTS_FRESH_MS / 1000} s; the first, uncached request took ${timing.firstMs.toFixed(0)} ms; and the send records in the API's own database)` : `, and the API turns up to ${timing.size} rows into JSON`}; on this machine the API, the server and the bench share the cores. A production cluster's visibility store (PostgreSQL or Elasticsearch) indexes search attributes.`,
        );
      }
    }
  }
  return out;
}

/** Item 6's goals missed, and why, from the numbers of its runs. */
function fairnessMissed(f: FairnessRun[], missedRows: Row[], loadAtStart: number): string[] {
  const out: string[] = missedRows.map((row) => `- ${row.metric}: ${row.measured} against ${row.goal}.`);
  if (out.length) out.push('');
  const late = f.filter((v) => v.small.lastAfterReadyS > 60);
  if (late.length) {
    out.push(
      `**The small clinic waited (last text ${late.map((v) => v.small.lastAfterReadyS.toFixed(0)).join(', ')} s after the worker was ready).** Its first text came ${late.map((v) => v.small.firstAfterReadyS.toFixed(1)).join(', ')} s after the worker was ready, and its texts went at ${late.map((v) => v.small.achievedPerSecond.toFixed(1)).join(', ')}/s against its sender's ${late[0]!.small.ratePerSecond}/s (per second: ${late[0]!.small.perSecond.join(' ')}). ` +
        'A late first text means its queue was not polled at once (the clinic unknown to the worker, or its poller starved); a slow rate with an on-time start means its texts were behind the large clinic\'s in the same queue or limiter.',
    );
  }
  for (const role of ['large', 'small'] as const) {
    const slow = f.filter((v) => !(v[role].sustained.rate >= 0.95 * v[role].ratePerSecond));
    if (!slow.length) continue;
    const c = slow[0]![role];
    out.push(
      `**The ${role} clinic's rate (${slow.map((v) => v[role].sustained.rate.toFixed(2)).join(', ')}/s once its first second was past, against ${c.ratePerSecond}/s).** Per second: ${c.perSecond.slice(0, 30).join(' ')}${c.perSecond.length > 30 ? ' …' : ''}. ` +
        (c.sustained.texts < 2
          ? 'Too few of its texts came after its first second to measure a rate: the run needs more clients for this clinic (at least three seconds\' worth).'
          : `Dips and catch-ups spread through the run point at the worker or the machine (the worker shares ${os.cpus().length} cores with the Temporal server and the bench${loadAtStart > os.cpus().length ? `, and this run started at a load average of ${loadAtStart.toFixed(1)}: other work wanted more CPU than there was` : ''}); an even rate below the limit would point at the limit being shared out among partitions of the queue, or at too few pollers on it (worker/clinic-sms-workers.ts polls each clinic's queue with a few); a slow end alone, at the other clinic's texts still waiting in the same limiter.`),
    );
  }
  return out;
}

/** Item 6's "how it is measured", with each run's figures. */
function fairnessMethod(f: FairnessRun[]): string[] {
  const { large: l, small: sm } = f[0]!;
  const out = [
    `**6. Fairness between clinics.** Two clinics are added to the worker's application database (PGlite in its DATA_DIR) before the worker starts, through \`addClinic\` (app/clinics.ts: checked as \`POST /api/clinics\` and \`aftercare clinic add\` check them) into the SQL clinic store, each with a sender of its own: "large", ${l.clients} clients, From ${l.from} at ${l.ratePerSecond}/s, and "small", ${sm.clients} clients, From ${sm.from} at ${sm.ratePerSecond}/s. ` +
      `Their ${l.clients + sm.clients} aftercare workflows are started as in item 4 (a daytime zone, SMS consent only, so each welcome is due at its start), the large clinic's first and the small clinic's last: on one first-in-first-out queue that is the worst place for them. ` +
      'A workflow-only worker inside the bench runs each one\'s first task, which schedules its `sendSms` on its clinic\'s queue (`smsTaskQueueFor(TASK_QUEUE, clinicId)`); once the server reports every text waiting on both queues, it stops. Then the real worker process starts: it reads the clinics from the database and polls each clinic\'s queue with `maxTaskQueueActivitiesPerSecond` set to that clinic\'s rate. ' +
      'So all texts of both clinics are due, and waiting, when the worker starts, as at a 10:00 that both clinics share. The dev server has one partition per task queue, as `npm start` runs it (scripts/start.ts) and as deploy/temporal/dynamicconfig.yaml sets the cluster: each clinic\'s limit is one limiter, not a share per partition (item 4 shows both). ' +
      `Each text is timed where it arrives, at the Twilio stand-in (\`dateCreated\`), and counted for the clinic whose number it came \`From\`. The rates (${l.ratePerSecond}/s and ${sm.ratePerSecond}/s) keep the large clinic's burst to about ${Math.round(l.clients / l.ratePerSecond)} s; a real long code sends about 1/s, and what is measured here, whether one clinic's queue holds the other's back, does not depend on the absolute rates.`,
    '',
    `- *The small clinic's last text*: seconds from the worker process reporting that it polls (the texts were all due before; this is the first instant any could go) to the small clinic's last text at the stand-in. Its own sender alone would need (${sm.clients} − 1) / ${sm.ratePerSecond} = ${((sm.clients - 1) / sm.ratePerSecond).toFixed(1)} s; beyond that is what the worker's start and the other clinic cost it.`,
    `- *Each clinic's rate once its first second is past* (the goal rows, one per sender): (n − 1 − k) / (t_last − t_k), where text k is its first text sent one second or more after its first text, and t_last its last. When a backlog meets the server's limiter, the first second carries more than the limit: a token bucket holding one second's worth gives up to twice the limit (item 4), and the per-second counts below show what this run's first second carried. Counting from the first text would credit that burst to the sender: over the small clinic's ${sm.clients} texts at ${sm.ratePerSecond}/s, even ${sm.ratePerSecond} extra texts in the first second would lift the rate by about ${((100 * sm.ratePerSecond) / Math.max(1, sm.clients - sm.ratePerSecond)).toFixed(0)}% and could hide a sender held back by as much. From the second second on the limit alone paces the texts, to the very last one: nothing is cut off at the end, where a clinic held back by the other would show; and above 100% there means catch-ups: when the worker stalls (it shares the cores), the bucket refills meanwhile and lets the waiting texts through at once (item 4's notes), which the per-second counts show. That leaves about ${Math.max(0, sm.clients - 2 * sm.ratePerSecond)} of the small clinic's texts over about ${Math.max(0, (sm.clients - 2 * sm.ratePerSecond) / sm.ratePerSecond).toFixed(0)} s: timed in milliseconds at the stand-in, one text's jitter of a few tens of ms moves the rate by well under 1%; a whole text's worth (1/${sm.ratePerSecond} s) late at the end would move it by about ${(100 / Math.max(1, sm.clients - 2 * sm.ratePerSecond)).toFixed(0)}%.`,
    `- *The large clinic's middle 80%*: (j − i) / (t_j − t_i) between its texts at the 10th and the 90th percentile (the middle 80%), against its sender's rate. Not the whole span, because its two ends measure something else: at the start the server's limiter lets about one second's worth through at once (a token bucket's burst, item 4), which over a short run overstates the rate; at the end the server's task-queue partitions drain unevenly (the limit is shared out among the partitions, item 4's notes), a property of the queue's partition count and not of sharing the worker with another clinic. Both ends are shown in the rows after it. Over ${l.clients} texts the middle 80% spans about ${Math.round((0.8 * l.clients) / l.ratePerSecond)} s, so a one-second burst would move it by about ${(100 / ((0.8 * l.clients) / l.ratePerSecond)).toFixed(0)}%.`,
    '- *Without a text / twice / from the wrong number*: a client of either clinic whose welcome never reached the stand-in from its clinic\'s number (the bench waits up to twice the large clinic\'s expected time, stopping after 30 s without a send); more than one text for one client (its workflow, from the status callback\'s `wf`); a text to a clinic\'s client from any other number (the other clinic\'s, or the platform\'s default `TWILIO_FROM`).',
    '',
  ];
  for (const v of f) {
    out.push(`- run: all ${v.large.clients + v.small.clients} texts queued ${v.queuedAfterS.toFixed(0)} s after the first start; ${v.tasks.activityTasks} activity tasks in the worker; failed requests ${v.failedRequests}.`);
    for (const c of [v.large, v.small]) {
      out.push(
        `  - ${c.role} (${c.clinicId}, ${c.clients} clients, ${c.ratePerSecond}/s): ${c.delivered} reached; first text ${c.firstAfterReadyS.toFixed(1)} s, last ${c.lastAfterReadyS.toFixed(1)} s after the worker was ready; ${c.achievedPerSecond.toFixed(1)}/s overall, ${c.sustained.rate.toFixed(2)}/s from one second after its first text (its last ${c.sustained.texts} texts over ${c.sustained.seconds.toFixed(1)} s), middle 80% at ${c.middleRate.toFixed(1)}/s, last 10% at ${c.tailRate.toFixed(1)}/s; dropped ${c.dropped}, twice ${c.duplicates}, from another number ${c.wrongSender}.`,
      );
    }
  }
  const fast = f.filter((v) => v.large.middleRate > 1.05 * v.large.ratePerSecond);
  if (fast.length) {
    out.push(
      '',
      `The large clinic's steady rate is above its sender's (${fast.map((v) => v.large.middleRate.toFixed(1)).join(', ')}/s against ${l.ratePerSecond}/s): its first two clock seconds carried ${fast.map((v) => `${v.large.perSecond[0] ?? 0}+${v.large.perSecond[1] ?? 0}`).join(', ')} texts, the limiter's start-up burst (item 4), and in a run of ${l.clients} texts the 10th percentile still falls in it. Over longer runs the burst is diluted; for Twilio a short excess means a short wait in its queue, not a failure.`,
    );
  }
  out.push('', '<details><summary>Texts per clock second, per clinic, every run</summary>', '');
  for (const v of f) for (const c of [v.large, v.small]) out.push(`- ${c.role}, ${c.ratePerSecond}/s: ${c.perSecond.join(' ')}`);
  out.push('', '</details>', '');
  return out;
}

/** Item 7's "how it is measured", with the run's figures. */
function scaleMethod(x: ScaleResult, s: Settings): string[] {
  const g = s.scale;
  return [
    `**7. Scale: ${x.clients} running clients on one dev server and one worker.** One fresh dev server as \`npm start\` runs it (SQLite in a file, one partition per task queue), the worker process (as in item 3) and later the API process, all on this machine. ` +
      `${x.clinics} clinic(s) like northside, ${s.scale.perClinic} clients each at most, are added to the application database of each process that opens one (the worker's, the import's and the API's: PGlite has one owner at a time). ` +
      `The worker starts first with its workflow poller held back (bench/worker-probe.cjs, \`BENCH_HOLD_WORKFLOWS\`: the workflow bundle loaded and its threads up, \`run()\` waiting for the bench's word), so its idle memory is sampled with everything loaded, and no workflow task runs until every start is timed.`,
    '',
    `- *Import ÷ bare.* A CSV of ${x.clients} rows (${x.csvMiB.toFixed(1)} MiB; interface.md's columns, distinct clients, fictional 555-01xx phones, SMS and email consented, a one-session course each (bench/scale-csv.ts says why), sessions performed 30 minutes before, in ${x.zone} where it is night: the welcome is ${x.welcomeInHours.toFixed(1)} h away, so nothing is sent) goes through the real command, \`aftercare import <file> --json --concurrency ${x.concurrency}\` (bin/aftercare.js, its own process, its own database), timed from spawn to exit: Node and tsx starting, the check pass and the enrolment pass, as a user waits for them. ` +
      `Around it, on the same server, ${x.bare[0]!.n} bare \`client.workflow.start\` of a no-op workflow type before the import and ${x.bare[1]!.n} after (item 1's bare start, ${x.concurrency} in flight from the bench process): the server grows by ${runsOnServer(x)} runs during the item, so the import is compared with a bare half on each side of it, and the ratio (import rows/s ÷ bare starts/s) is shown against both (n=2; the median is their mean). ` +
      'No worker polls workflow tasks during either: the import\'s runs and the no-op runs wait in their queues alike, and the worker\'s CPU (it would run each new session\'s first task at once) does not come out of the import\'s share of the two cores; both sides measure the start path alone, as item 1 does. The importer\'s peak RSS is the figure its `--json` gives (`peakRssMiB`) and the OS\'s VmHWM of its process, sampled every 250 ms.',
    `- *Worker RSS.* Idle: ${s.scale.samples} samples with everything loaded and the poller held, before any start, as the OS sees it and after a full GC in every thread (item 3's probe). Then the poller is released and the worker runs every session's first task (it took ${x.worker.drainSeconds.toFixed(0)} s, ${(x.clients / x.worker.drainSeconds).toFixed(0)} tasks/s); asleep = its completed workflow tasks reach ${x.clients} (${(x.worker.tasks.workflowTasks / x.clients).toFixed(2)} a session in the end), the queue's backlog is 0 and no task completes for 5 s; 10 s later, ${s.scale.samples} samples each way. The goal (< ${g.goalMiB} MB, i.e. ${(g.goalMiB / 1.048576).toFixed(0)} MiB) is judged after GC, as item 3 judges it; the OS's view is the row before it. ${x.worker.tasks.workflowTasks} workflow tasks in all, ${x.worker.tasks.workflowTaskMeanMs.toFixed(0)} ms mean in the worker; ${x.sent.sms} texts and ${x.sent.email} emails sent (expected 0).`,
    `- *Dev server RSS.* VmRSS of the \`temporal\` process (/proc/<pid>/status): idle with the worker connected; after every start (the ${x.clients} sessions waiting for their first task and the ${x.bare[0]!.n + x.bare[1]!.n} no-op runs of the bare starts, which stay open, queued, on the server); once the sessions sleep; and its peak (VmHWM). The no-op runs count in the last two: about ${((x.server.afterStartsMiB - x.server.idleMiB) / runsOnServer(x) * 1024).toFixed(1)} KiB per run started, both kinds together.`,
    `- *List and counts.* The API process (api/main.ts, platform key) on the same server once the sessions sleep; \`GET /api/enrollments?clinicId=${x.listedClinic.id}\` (that clinic has ${x.listedClinic.clients} of the ${x.clients} clients; the list answers at most its page, ${x.list.size} rows here) ${x.counts ? `and \`GET /api/clinics/${x.listedClinic.id}/numbers\` ` : ''}after 3 warm-up requests, ${x.list.p95.n} rounds of ${x.list.requests / x.list.p95.n} requests one at a time; the p95 (nearest rank) of each round, then the median over rounds. ${x.list.errors} failed.` +
      (x.counts
        ? ` Counts: ${x.counts.errors} failed. The API keeps a clinic's phase counts for ${PHASE_COUNTS_FRESH_MS / 1000} s (app/phase-counts-cache.ts; older ones, up to ${PHASE_COUNTS_STALE_MS / 1000} s, are served while a recount runs behind them), so the timed rounds measure answers from kept counts plus the database's figures, read each time, with now and then a recount going on behind. What a count costs is timed from the first request of the fresh API process, before the other warm-ups, until an answer has the phases: ${x.counts.firstMs.toFixed(0)} ms here (the "first answer / phases counted" row). A clinic's page opened after ${PHASE_COUNTS_STALE_MS / 1000} s without a request waits for a counting at most ${PHASE_COUNTS_WAIT_MS / 1000} s: past that it shows the other figures and asks again until the phases are in.`
        : ' Counts were not measured: `GET /api/clinics/:clinicId/numbers` is not in this tree yet (TODO: it comes with the numbers area; the bench times it as soon as api/routes/numbers.ts exists).'),
    `- *Time.* By stage: ${Object.entries(x.minutes).map(([k, v]) => `${k} ${v.toFixed(1)} min`).join(', ')}. The starts (the import's N and the bare ones) and the worker's first tasks grow with N; each first task builds a fresh workflow context (item 3's notes). The rest does not.`,
    '',
  ];
}

function cacheLabel(m: MemoryResult, r: Results): string {
  if (m.cache === 'configured') return `WORKER_MAX_CACHED_WORKFLOWS unset, i.e. ${r.configuredCache ?? '?'}`;
  if (m.cache === 'sdk-default') return "the SDK's own default cache";
  return `WORKER_MAX_CACHED_WORKFLOWS=${m.cache}`;
}

/** Webpack module ids in the bundle (`"./node_modules/<pkg>/..."` and the project's own), counted by package. */
function modulesByPackage(bundle: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of bundle.matchAll(/^\/\*\*\*\/ "\.\/([^"]+)"/gm)) {
    const id = m[1]!;
    const parts = id.split('/');
    const pkg = parts[0] === 'node_modules' ? (parts[1]!.startsWith('@') ? `${parts[1]}/${parts[2]}` : parts[1]!) : `(project) ${parts[0]}`;
    counts[pkg] = (counts[pkg] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1]));
}

// --- main -----------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const s = parseArgs(process.argv.slice(2));
  // The in-process harness (items 2 and 5) would otherwise log every worker state change.
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  const started = new Date();
  const t0 = performance.now();
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const machine = machineInfo();
  const busyBefore = otherActivity();
  const loadAtStart = os.loadavg()[0] ?? Number.NaN;
  // Every 20 s: what else is busy, so that RESULTS.md can say what shared the machine during the run.
  const busyDuring = new Map<string, number>();
  const sampler = setInterval(() => {
    for (const line of otherActivity(20)) {
      const what = line.replace(/^pid \d+, [\d.]+% CPU: /, '').slice(0, 100);
      busyDuring.set(what, (busyDuring.get(what) ?? 0) + 1);
    }
  }, 20_000);
  sampler.unref();
  log(`aftercare bench (${s.quick ? 'quick' : 'full'}): ${machine.cores} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, node ${machine.node}, ${machine.sdk}`);
  if (busyBefore.length) log(`other busy processes: \n  ${busyBefore.join('\n  ')}`);
  const workDir = makeWorkDir();
  log(`work dir ${workDir}`);
  const r: Results = { phaseMinutes: {}, failed: [] };
  const phaseStart = () => {
    const at = performance.now();
    return (name: string) => {
      r.phaseMinutes[name] = (performance.now() - at) / 60_000;
    };
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping every server and process the bench started ...`);
    void cleanUpEverything().finally(() => {
      removeWorkDir(workDir);
      process.exit(130);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    let bundlePath = '';
    if (s.only.has('memory') || s.only.has('burst') || s.only.has('fairness') || s.only.has('scale')) {
      log('building the workflow bundle once (the worker loads it through WORKFLOW_BUNDLE_PATH) ...');
      bundlePath = (await buildWorkflowBundle(path.join(workDir, 'workflow-bundle.js'))).path;
      r.bundleModules = modulesByPackage(readFileSync(bundlePath, 'utf8'));
    }
    // A stage that throws is reported and the rest still run: an hour of measurements is not lost to the last item.
    const stage = async (phase: Phase, name: string, heading: string, measure: () => Promise<void>) => {
      if (!s.only.has(phase)) return;
      log(`\n${heading}`);
      const done = phaseStart();
      try {
        await measure();
      } catch (err) {
        if (stopping) throw err;
        const message = (err as Error).message ?? String(err);
        r.failed.push({ phase, message });
        log(`  FAILED: ${(err as Error).stack ?? message}`);
        await cleanUpEverything();
      } finally {
        done(name);
      }
    };
    await stage('enrollment', '1 enrollment', '[1] enrollment: API vs bare starts', async () => {
      r.enrollment = await benchEnrollment({ workDir, ...s.enrollment, log });
    });
    await stage('timeline', '2, 5 timeline', '[2, 5] a full timeline with a booking under time skipping', async () => {
      r.timeline = await benchTimeline({ reps: s.timeline.reps, log });
    });
    await stage('memory', '3 memory', `[3] worker memory with ${s.memory.workflows} sleeping workflows`, async () => {
      r.configuredCache = loadConfig({}, PROJECT_ROOT).WORKER_MAX_CACHED_WORKFLOWS;
      const first = await benchMemory({ workDir, workflows: s.memory.workflows, bundlePath, samples: s.memory.samples, cache: 'configured', log });
      r.memory = [first];
      log(`\n[3] for comparison: the SDK's own default cache, ${s.memory.sdkDefaultWorkflows} sleeping workflows`);
      const sdk = await benchMemory({ workDir, workflows: s.memory.sdkDefaultWorkflows, bundlePath, samples: s.memory.samples, cache: 'sdk-default', log });
      r.memorySdkDefault = sdk;
      const goalMiB = s.memory.goalMiB / 1.048576;
      // What one cached workflow costs, from the run that caches the most.
      const perWorkflow = sdk.cachedWorkflows ? sdk.deltaRssMiB.median / sdk.cachedWorkflows : Number.NaN;
      const heapPer = sdk.cachedWorkflows ? (sdk.loadedHeapMiB.median - sdk.idleHeapMiB.median) / sdk.cachedWorkflows : Number.NaN;
      let smaller: MemoryResult | undefined;
      if (first.deltaRssMiB.median >= goalMiB && Number.isFinite(perWorkflow)) {
        const cap = Math.max(10, Math.floor((0.7 * goalMiB) / perWorkflow / 10) * 10);
        log(`  over the goal: about ${(perWorkflow * 1024).toFixed(0)} KiB per cached workflow; trying WORKER_MAX_CACHED_WORKFLOWS=${cap}`);
        smaller = await benchMemory({ workDir, workflows: s.memory.workflows, bundlePath, samples: s.memory.samples, cache: cap, log });
        r.memory.push(smaller);
      }
      r.memoryNote =
        `**What a cached workflow costs.** With the SDK's own default (sized from the V8 heap limit; ${sdk.cachedWorkflows ?? '?'} workflows cached) the worker grows by ${sdk.deltaRssMiB.median.toFixed(0)} MiB after GC: ` +
        `about ${(perWorkflow * 1024).toFixed(0)} KiB of RSS (${(heapPer * 1024).toFixed(0)} KiB of live V8 heap) per cached workflow, against ${first.deltaRssMiB.median.toFixed(0)} MiB with platform/config.ts's WORKER_MAX_CACHED_WORKFLOWS default of ${r.configuredCache}. ` +
        'So much per workflow because the SDK\'s reusable V8 context gives every workflow its own module cache (node_modules/@temporalio/worker/lib/workflow/reusable-vm.js: `__webpack_module_cache__` → `__TEMPORAL_ACTIVATOR__.moduleCache`): ' +
        `each cached workflow holds its own evaluated copy of every module the workflow code imports (the bundle's modules by package: ${Object.entries(r.bundleModules ?? {}).map(([k, v]) => `${k} ${v}`).join(', ')}); zod v4 comes in through domain/plan.ts (\`isoInstantSchema\`), luxon through the plan. ` +
        'An evicted workflow is replayed from its history when its next timer fires (once a day at most for this workflow), so a small cache costs little CPU for workflows that sleep for days; keeping zod out of the workflow code would shrink every cached workflow.' +
        (smaller ? ` The configured default misses the goal; WORKER_MAX_CACHED_WORKFLOWS=${smaller.cache} gives +${smaller.deltaRssMiB.median.toFixed(0)} MiB.` : '');
    });
    await stage('burst', '4 burst', `[4] burst: ${s.burst.steps} SMS due at once, limit ${s.burst.rate}/s`, async () => {
      r.burst = [];
      for (let rep = 0; rep < s.burst.reps; rep++) {
        r.burst.push(await benchBurst({ workDir, steps: s.burst.steps, rateLimit: s.burst.rate, bundlePath, name: `burst-${rep}`, preQueued: true, log }));
      }
      log(`\n[4] burst again, every task queue on one partition: ${s.burst.steps} SMS due at once, limit ${s.burst.rate}/s`);
      r.burstOnePartition = [];
      for (let rep = 0; rep < s.burst.onePartitionReps; rep++) {
        r.burstOnePartition.push(await benchBurst({ workDir, steps: s.burst.steps, rateLimit: s.burst.rate, bundlePath, name: `burst-1p-${rep}`, preQueued: true, partitions: 1, log }));
      }
      log(`\n[4] no limit: ${s.burst.unlimitedSteps} SMS due at once, limit ${s.burst.unlimitedRate}/s`);
      r.unlimited = [];
      for (let rep = 0; rep < s.burst.unlimitedReps; rep++) {
        r.unlimited.push(await benchBurst({ workDir, steps: s.burst.unlimitedSteps, rateLimit: s.burst.unlimitedRate, bundlePath, name: `unlimited-${rep}`, preQueued: true, log }));
      }
      log(`\n[4] no limit, end to end: ${s.burst.endToEndSteps} workflows whose welcome is due, the worker starts on them`);
      r.endToEnd = [];
      for (let rep = 0; rep < s.burst.endToEndReps; rep++) {
        r.endToEnd.push(await benchBurst({ workDir, steps: s.burst.endToEndSteps, rateLimit: s.burst.unlimitedRate, bundlePath, name: `end-to-end-${rep}`, preQueued: false, log }));
      }
    });
    const { large, small } = s.fairness;
    await stage('fairness', '6 fairness', `[6] fairness: ${large.clients} texts of a clinic sending at ${large.rate}/s and ${small.clients} of one at ${small.rate}/s, due at once`, async () => {
      r.fairness = [];
      for (let rep = 0; rep < s.fairness.reps; rep++) {
        r.fairness.push(await benchFairness({ workDir, bundlePath, name: `fairness-${rep}`, settings: s.fairness, log }));
      }
    });
    await stage('scale', '7 scale', `[7] scale: ${s.scale.clients} clients through \`aftercare import\`, on one dev server and one worker`, async () => {
      r.configuredCache ??= loadConfig({}, PROJECT_ROOT).WORKER_MAX_CACHED_WORKFLOWS;
      r.scale = await benchScale({ workDir, bundlePath, settings: s.scale, log });
    });
  } finally {
    if (process.env.BENCH_KEEP_WORKDIR) log(`(kept ${workDir})`);
    else removeWorkDir(workDir);
  }
  clearInterval(sampler);
  const minutes = (performance.now() - t0) / 60_000;
  const busyAfter = otherActivity();
  log(`\n${textTable(rows(s, r))}\n`);
  const fresh = resultsMarkdown(s, r, machine, { command, started, minutes, loadAtStart, busyBefore, busyAfter, busyDuring });
  // A run of some items replaces those in the results already there, and leaves the others as they were;
  // so does a run in which some items failed: their earlier figures stay rather than vanish.
  const failedPhases = new Set(r.failed.map((f) => f.phase));
  const measured = [...s.only].filter((phase) => !failedPhases.has(phase));
  const partial = measured.length < PHASES.length && existsSync(s.out);
  const items = measured.flatMap((phase) => ITEMS_OF[phase]);
  const written = partial ? items.reduce((text, item) => spliceItem(text, fresh, item), readFileSync(s.out, 'utf8')) : fresh;
  writeFileSync(s.out, written);
  log(`wrote ${path.relative(process.cwd(), s.out) || s.out} (${minutes.toFixed(1)} min)`);
  // The README's table follows bench/RESULTS.md only: a run written elsewhere leaves it alone.
  if (s.out === RESULTS_FILE) {
    const readme = readmeWithResults(readFileSync(README_FILE, 'utf8'), written);
    if (readme.replaced) {
      writeFileSync(README_FILE, readme.text);
      log('wrote the results table in README.md');
    } else log('README.md has no results markers: its table was left alone');
  }
  for (const f of r.failed) log(`item ${ITEMS_OF[f.phase].join(', ')} FAILED (its earlier figures, if any, were kept): ${f.message}`);
  return r.failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    // After Ctrl-C the measurements fail as their servers go away: the signal handler exits once all is stopped.
    if (stopping) return;
    process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
    void cleanUpEverything().finally(() => process.exit(1));
  },
);
