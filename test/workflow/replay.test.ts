/**
 * Replays the saved histories of the workflow tests (test/workflow/histories, written by
 * `RECORD_HISTORIES=1 npm test -- test/workflow`) against today's workflow code: a change that
 * would break a running workflow fails here. Such changes go behind `patched()`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';

const dir = path.join(__dirname, 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

describe('saved workflow histories replay on the current code', () => {
  it('has histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it('replays each of them without a nondeterminism error', async () => {
    const histories = files.map((f) => ({
      workflowId: path.basename(f, '.json'),
      history: JSON.parse(readFileSync(path.join(dir, f), 'utf8')),
    }));
    const results = Worker.runReplayHistories({ workflowsPath: require.resolve('../../workflows') }, histories);
    const outcomes: { id: string; error?: string }[] = [];
    for await (const r of results) outcomes.push({ id: r.workflowId, ...(r.error ? { error: String(r.error) } : {}) });
    expect(outcomes.map((o) => o.id).sort()).toEqual(histories.map((h) => h.workflowId).sort());
    expect(outcomes.filter((o) => o.error)).toEqual([]);
  });
});
