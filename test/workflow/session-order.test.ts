/**
 * Only a client's newest session runs, whichever order the sessions are enrolled in (issue 12,
 * defect 2). One test per file on purpose: after runs of one client signal each other, the
 * time-skipping test server has been seen to stall the next test's calls.
 *
 * With RECORD_HISTORIES=1 the runs' histories are written to test/workflow/histories.
 */
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { inputAt, startHarness, type Harness } from '../../dev/aftercare-harness';
import { createTimeSkippingEnv } from '../../dev/temporal-env';
import { workflowIdFor } from '../../domain/identifiers';
import type { AftercareResult } from '../../workflows/aftercare';
import { SEARCH_ATTRIBUTES, statusQuery, type AftercareInput } from '../../workflows/contract';
import { eventually } from '../support/eventually';
import { receivedBy } from '../support/received';

const DAY = 86_400_000;
const MINUTE = 60_000;
const HISTORY_DIR = process.env.RECORD_HISTORIES ? path.join(__dirname, 'histories') : undefined;

let env: TestWorkflowEnvironment;
let h: Harness;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  h = await startHarness(env, HISTORY_DIR ? { historyDir: HISTORY_DIR } : {});
});
afterAll(async () => {
  await h?.stop();
  await env?.teardown();
});

async function start(input: AftercareInput) {
  const workflowId = workflowIdFor(input.clinic.id, input.clientRef, input.session.number);
  return { input, workflowId, handle: await h.start(input, workflowId) };
}

/** How a run that ends on its own ended; polled, since result() lets the server skip time ahead. */
async function outcomeOf(handle: WorkflowHandle): Promise<string> {
  const described = await eventually(() => handle.describe(), (d) => d.status.name !== 'RUNNING');
  if (described.status.name !== 'COMPLETED') return described.status.name;
  return ((await handle.result()) as AftercareResult).phase;
}

describe('sessions enrolled out of order', () => {
  it('session 3 enrolled first: session 2, and then session 1 enrolled late, each end superseded at once and send nothing', async () => {
    const now = await env.currentTimeMs();
    const clientRef = 'R2001';
    const third = await start(inputAt(now, { clientRef, sessionNumber: 3 }));
    await env.sleep(MINUTE);

    const second = await start(inputAt(now, { clientRef, sessionNumber: 2 }));
    expect(await outcomeOf(second.handle)).toBe('superseded');

    const base = inputAt(now, { clientRef, sessionNumber: 1 });
    const first = await start({ ...base, session: { ...base.session, performedAt: new Date(now - 20 * DAY).toISOString() } });
    expect(await outcomeOf(first.handle)).toBe('superseded');

    for (const older of [first, second]) {
      const got = receivedBy(h, older.workflowId);
      expect([...got.sms, ...got.email, ...got.clinic]).toEqual([]);
      expect((await older.handle.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.AftercarePhase)).toBe('superseded');
    }
    expect((await first.handle.query(statusQuery)).sent).toEqual([]);

    // The newest session goes on as planned.
    await env.sleep(2 * DAY);
    expect((await third.handle.query(statusQuery)).phase).not.toBe('superseded');
    const texts = receivedBy(h, third.workflowId).sms;
    expect(texts.slice(0, 2)).toEqual(['welcome', 'days-1-4']);
    expect(new Set(texts).size).toBe(texts.length);
    await h.saveHistory(first.workflowId, 'older-session-enrolled-late');
  });
});
