/**
 * The versioning procedure of docs/versioning.md, proved on a tiny fixture workflow
 * (test/workflow/fixtures/versioning/): v1 sleeps and sends; v2 changes a timer and a message (and adds a
 * nudge) behind `patched('v2-shorter-reminder')`.
 *
 * - histories recorded on v1 (on the time-skipping server) replay on v2;
 * - the same change made without `patched()` fails that replay with a nondeterminism error;
 * - a v1 run already past the change when v2 is deployed finishes on the v1 path, and one that has
 *   not reached it yet takes the new path;
 * - a new run on v2 takes the new path: its history has the patch marker, the new timers and the
 *   new message;
 * - later, `deprecatePatch` (v3) replays the v2 runs, and still not the v1 ones, which is why the
 *   old path is removed only once no v1 run is left.
 */
import path from 'node:path';
import { Context } from '@temporalio/activity';
import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { createTimeSkippingEnv } from '../../dev/temporal-env';

type History = temporal.api.history.v1.IHistory;
const DAY_S = 86_400;
const FIXTURES = path.join(__dirname, 'fixtures', 'versioning');
const PATCH_ID = 'v2-shorter-reminder';

let env: TestWorkflowEnvironment;
type Version = 'v1' | 'v2' | 'v2-unpatched' | 'v3-deprecated';
const bundles = {} as Record<Version, WorkflowBundleWithSourceMap>;
const sent: { workflowId: string; step: string; text: string }[] = [];
let v1History: History;
let v1InFlightHistory: History;
let v2History: History;

const activities = (workflowIdOf: () => string) => ({
  async send(message: { step: string; text: string }) {
    sent.push({ workflowId: workflowIdOf(), ...message });
  },
});

async function workerFor(version: Version, taskQueue: string): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundles[version],
    activities: activities(() => Context.current().info.workflowExecution?.workflowId ?? '?'),
    // No workflow cache, hence no sticky queue: a run's next task goes to whichever worker polls
    // the task queue, as after a deployment (otherwise it would first wait on the stopped v1
    // worker's sticky queue).
    maxCachedWorkflows: 0,
  });
}

async function replay(version: Version, histories: { workflowId: string; history: History }[]) {
  const out: { workflowId: string; error?: Error }[] = [];
  for await (const r of Worker.runReplayHistories({ workflowBundle: bundles[version] }, histories)) {
    out.push({ workflowId: r.workflowId, ...(r.error ? { error: r.error } : {}) });
  }
  return out;
}

const timersOf = (h: History) =>
  (h.events ?? [])
    .filter((e) => e.timerStartedEventAttributes)
    .map((e) => Number(e.timerStartedEventAttributes!.startToFireTimeout!.seconds!.toString()) / DAY_S);
const markersOf = (h: History) =>
  (h.events ?? [])
    .filter((e) => e.markerRecordedEventAttributes)
    .map((e) => {
      const m = e.markerRecordedEventAttributes!;
      const details = Object.fromEntries(
        Object.entries(m.details ?? {}).map(([k, v]) => [k, (v.payloads ?? []).map((p) => defaultPayloadConverter.fromPayload(p))]),
      );
      return { name: m.markerName, details };
    });
const textsOf = (workflowId: string) => sent.filter((s) => s.workflowId === workflowId).map((s) => `${s.step}: ${s.text}`);

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  for (const version of ['v1', 'v2', 'v2-unpatched', 'v3-deprecated'] as const) {
    bundles[version] = await bundleWorkflowCode({ workflowsPath: path.join(FIXTURES, `${version}.ts`), logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } });
  }
});
afterAll(async () => {
  await env?.teardown();
});

describe('changing a running workflow with patched()', () => {
  it('records a v1 history on the time-skipping server', async () => {
    const worker = await workerFor('v1', 'versioning-v1');
    v1History = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start('timelineWorkflow', { taskQueue: 'versioning-v1', workflowId: 'timeline-v1', args: [{ name: 'Jordan' }] });
      await handle.result();
      return handle.fetchHistory();
    });
    expect(timersOf(v1History)).toEqual([1, 6]);
    expect(markersOf(v1History)).toEqual([]);
    expect(textsOf('timeline-v1')).toEqual(['day-1: Hi Jordan, keep the scalp dry today.', 'reminder: Hi Jordan, a week on: time to book your next session.']);
  });

  it('replays the v1 history on v2 (patched): no nondeterminism', async () => {
    expect(await replay('v2', [{ workflowId: 'timeline-v1', history: v1History }])).toEqual([{ workflowId: 'timeline-v1' }]);
  });

  it('fails to replay it on the same change made without patched(): a nondeterminism error', async () => {
    const [result] = await replay('v2-unpatched', [{ workflowId: 'timeline-v1', history: v1History }]);
    expect(result?.error).toBeInstanceOf(DeterminismViolationError);
    expect(result?.error?.message).toMatch(/nondetermin/i);
  });

  it('finishes a v1 run that is in flight when v2 is deployed on the v1 path', async () => {
    const queue = 'versioning-deploy';
    const handle = await (async () => {
      const v1 = await workerFor('v1', queue);
      return v1.runUntil(async () => {
        const started = await env.client.workflow.start('timelineWorkflow', { taskQueue: queue, workflowId: 'timeline-in-flight', args: [{ name: 'Sam' }] });
        // Past day 1: the day-1 text goes and the 6-day timer starts, on v1.
        await env.sleep('1 day');
        for (let i = 0; i < 100 && timersOf(await started.fetchHistory()).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
        return started;
      });
    })();
    expect(timersOf(await handle.fetchHistory())).toEqual([1, 6]);
    // v1's worker is gone; v2's picks the run up (replaying it first) and finishes it.
    const v2 = await workerFor('v2', queue);
    v1InFlightHistory = await v2.runUntil(async () => {
      await handle.result();
      return handle.fetchHistory();
    });
    expect(timersOf(v1InFlightHistory)).toEqual([1, 6]);
    expect(markersOf(v1InFlightHistory)).toEqual([]);
    expect(textsOf('timeline-in-flight')).toEqual(['day-1: Hi Sam, keep the scalp dry today.', 'reminder: Hi Sam, a week on: time to book your next session.']);
  });

  it('lets a v1 run that has not reached the change yet take the new path', async () => {
    const queue = 'versioning-early';
    const v1 = await workerFor('v1', queue);
    const handle = await v1.runUntil(async () => {
      const started = await env.client.workflow.start('timelineWorkflow', { taskQueue: queue, workflowId: 'timeline-early', args: [{ name: 'Kim' }] });
      for (let i = 0; i < 100 && timersOf(await started.fetchHistory()).length < 1; i++) await new Promise((r) => setTimeout(r, 100));
      return started;
    });
    expect(timersOf(await handle.fetchHistory())).toEqual([1]); // still on v1's first timer
    const v2 = await workerFor('v2', queue);
    const history = await v2.runUntil(async () => {
      await handle.result();
      return handle.fetchHistory();
    });
    expect(timersOf(history)).toEqual([1, 3, 3]);
    expect(markersOf(history)).toHaveLength(1);
    expect(textsOf('timeline-early').map((t) => t.split(':')[0])).toEqual(['day-1', 'reminder', 'nudge']);
  });

  it('takes the new path on a new run on v2: the marker, the new timers and the new message', async () => {
    const worker = await workerFor('v2', 'versioning-v2');
    v2History = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start('timelineWorkflow', { taskQueue: 'versioning-v2', workflowId: 'timeline-v2', args: [{ name: 'Alex' }] });
      await handle.result();
      return handle.fetchHistory();
    });
    expect(timersOf(v2History)).toEqual([1, 3, 3]);
    const markers = markersOf(v2History);
    expect(markers).toHaveLength(1);
    expect(markers[0]!.name).toBe('core_patch');
    expect(JSON.stringify(markers[0]!.details)).toContain(PATCH_ID);
    expect(textsOf('timeline-v2')).toEqual([
      'day-1: Hi Alex, keep the scalp dry today.',
      'reminder: Hi Alex, day 4: book your next session now, slots go fast.',
      'nudge: Hi Alex, there is still time to book your next session.',
    ]);
  });

  it('keeps every recorded history replaying on v2', async () => {
    const results = await replay('v2', [
      { workflowId: 'timeline-v1', history: v1History },
      { workflowId: 'timeline-in-flight', history: v1InFlightHistory },
      { workflowId: 'timeline-v2', history: v2History },
    ]);
    expect(results.filter((r) => r.error)).toEqual([]);
    expect(results).toHaveLength(3);
  });

  it('later, deprecatePatch (v3) replays the v2 runs, but not v1 ones: remove the old path only once none is left', async () => {
    expect(await replay('v3-deprecated', [{ workflowId: 'timeline-v2', history: v2History }])).toEqual([{ workflowId: 'timeline-v2' }]);
    const [v1OnV3] = await replay('v3-deprecated', [{ workflowId: 'timeline-v1', history: v1History }]);
    expect(v1OnV3?.error).toBeInstanceOf(DeterminismViolationError);
  });
});
