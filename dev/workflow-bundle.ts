/**
 * One workflow bundle for a whole test run. Worker.create given `workflowsPath` runs webpack over
 * workflows/ each time (seconds on a small machine), and every harness of every suite made one.
 * The test run's global set-up (test/support/global-setup.ts) bundles once, as Worker.create would
 * with no interceptors or converters, and names the file in the environment; harnesses started
 * without it (the fault run, the bench, a script) bundle as before.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { bundleWorkflowCode } from '@temporalio/worker';

const SHARED_BUNDLE_VAR = 'AFTERCARE_TEST_WORKFLOW_BUNDLE';
const WORKFLOWS_PATH = require.resolve('../workflows');

/**
 * What to give Worker.create for today's workflow code: the run's shared bundle if there is one,
 * unless the worker's data converter brings converters of its own into the sandbox (the codec's
 * failure converter), which only a bundle made with them carries.
 */
export function todaysWorkflows(dataConverter?: DataConverter): { workflowBundle: { codePath: string } } | { workflowsPath: string } {
  const codePath = process.env[SHARED_BUNDLE_VAR];
  const ownConverters = Boolean(dataConverter?.payloadConverterPath || dataConverter?.failureConverterPath);
  return codePath && !ownConverters ? { workflowBundle: { codePath } } : { workflowsPath: WORKFLOWS_PATH };
}

const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** Bundles workflows/ into a temporary file and names it in this process's environment (inherited by jest's workers). */
export async function writeSharedWorkflowBundle(): Promise<void> {
  if (process.env[SHARED_BUNDLE_VAR]) return;
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quiet });
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'aftercare-workflow-bundle-')), 'workflow-bundle.js');
  writeFileSync(file, code);
  process.env[SHARED_BUNDLE_VAR] = file;
}

export function removeSharedWorkflowBundle(): void {
  const file = process.env[SHARED_BUNDLE_VAR];
  if (!file) return;
  rmSync(path.dirname(file), { recursive: true, force: true });
  delete process.env[SHARED_BUNDLE_VAR];
}
