import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureTemporalToolchain, findTool, ToolchainError } from '../../dev/temporal-toolchain';
import { createLocalEnv, createTimeSkippingEnv } from '../../dev/temporal-env';

async function runTrivialWorkflow(env: TestWorkflowEnvironment): Promise<{ result: string; elapsedMs: number }> {
  const taskQueue = `toolchain-${Math.random().toString(36).slice(2)}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('../fixtures/trivial-workflow'),
    activities: { greet: async ({ name }: { name: string }) => `hello ${name}` },
  });
  const started = Date.now();
  const result = await worker.runUntil(
    env.client.workflow.execute('trivialWorkflow', { taskQueue, workflowId: taskQueue, args: [{ name: 'toolchain' }] }),
  );
  return { result: result as string, elapsedMs: Date.now() - started };
}

describe('Temporal toolchain', () => {
  it('finds or installs both binaries, and they report their versions', () => {
    const tools = ensureTemporalToolchain();
    const cli = spawnSync(tools.cli!.path, ['--version'], { encoding: 'utf8' });
    expect(cli.stdout).toMatch(/temporal version \d+\.\d+\.\d+/);
    expect(tools.testServer!.path).toMatch(/temporal-test-server$/);
  });

  it('prefers a binary named by TEMPORAL_CLI_PATH, then one on PATH', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'toolchain-'));
    const fake = path.join(dir, 'temporal');
    writeFileSync(fake, '#!/bin/sh\necho fake\n');
    chmodSync(fake, 0o755);
    expect(findTool('cli', { PATH: '/nonexistent', TEMPORAL_CLI_PATH: fake })).toEqual({ path: fake, source: 'env' });
    expect(findTool('cli', { PATH: `${dir}:/usr/bin` })).toEqual({ path: fake, source: 'path' });
    expect(() => findTool('cli', { TEMPORAL_CLI_PATH: path.join(dir, 'missing') })).toThrow(/TEMPORAL_CLI_PATH=.*not an executable/);
  });

  it('fails with a clear message when there is neither a binary nor python3', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'toolchain-empty-'));
    const env = { PATH: dir, PYTHON: path.join(dir, 'no-python'), AFTERCARE_TOOLS_DIR: path.join(dir, 'tools') };
    expect(findTool('cli', env)).toBeUndefined();
    expect(() => ensureTemporalToolchain(['cli'], env, () => undefined)).toThrow(ToolchainError);
    expect(() => ensureTemporalToolchain(['cli'], env, () => undefined)).toThrow(
      /no python3 to install one.*TEMPORAL_CLI_PATH/,
    );
  });

  it('runs a workflow on the time-skipping test server (existing-path)', async () => {
    const env = await createTimeSkippingEnv();
    try {
      const { result, elapsedMs } = await runTrivialWorkflow(env);
      expect(result).toBe('hello toolchain');
      // A day of workflow time passed in far less than a day of wall time.
      expect(elapsedMs).toBeLessThan(60_000);
    } finally {
      await env.teardown();
    }
  });

  it('runs a workflow on the Temporal CLI dev server (existing-path)', async () => {
    const env = await createLocalEnv();
    try {
      const taskQueue = `toolchain-local-${Math.random().toString(36).slice(2)}`;
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowsPath: require.resolve('../fixtures/trivial-workflow'),
        activities: { greet: async ({ name }: { name: string }) => `hello ${name}` },
      });
      // The dev server has no time skipping: sleep one second of real time.
      const result = await worker.runUntil(
        env.client.workflow.execute('trivialWorkflow', { taskQueue, workflowId: taskQueue, args: [{ name: 'dev server', sleep: '1 second' }] }),
      );
      expect(result).toBe('hello dev server');
    } finally {
      await env.teardown();
    }
  });
});
