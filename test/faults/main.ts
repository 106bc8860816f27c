/**
 * `npm run test:faults`: fault scenarios against the real parts (Temporal dev server on a SQLite
 * file, the worker process as deployed, its send records in a real PostgreSQL server as in
 * production, the real twilio package and nodemailer talking to local stand-ins), counted at the
 * providers. Prints a table and one summary line:
 *
 *   faults: runs 4, kills 23, restarts 2, expected 120, delivered 120, duplicated 0, lost 0
 *
 * and exits 0 only when every expected message arrived exactly once and every check held.
 *
 *   npm run test:faults                      all scenarios, at the same time
 *   npm run test:faults -- kills outage      some of them (kills, restart, outage, permanent)
 *   FAULTS_SEED=123 npm run test:faults      the same random choices as an earlier run
 *   FAULTS_KEEP=1 npm run test:faults        keep every run's data and logs (failed runs' always are)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildWorkflowBundle } from '../../worker/build-bundle';
import { killAllChildrenNow } from '../../dev/child-processes';
import { describeServer } from '../../platform/database/connection';
import { startPostgresServer, type PostgresServer } from '../../dev/postgres-server';
import { runScenario, type RunResult, type Scenario } from './fault-run';
import { reportTable, summaryLine } from './report';
import { seededRng, seedFromEnv } from './rng';
import { permanentErrors } from './scenarios/permanent-errors';
import { providerOutage } from './scenarios/provider-outage';
import { serverRestart } from './scenarios/server-restart';
import { workerKills } from './scenarios/worker-kills';

/** The whole command stays inside CI's budget: past this, everything is killed and it fails. */
const OVERALL_LIMIT_MS = 290_000;
/** Each run's own limit, inside the overall one (set-up and the bundle come first). */
const RUN_LIMIT_MS = 240_000;

const SCENARIOS: Array<() => Scenario> = [workerKills, serverRestart, providerOutage, permanentErrors];

function fail(message: string, code = 1): never {
  killAllChildrenNow();
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main(): Promise<number> {
  const startedAt = Date.now();
  const seed = seedFromEnv();
  const wanted = process.argv.slice(2);
  const all = SCENARIOS.map((make) => make());
  const unknown = wanted.filter((w) => !all.some((s) => s.name === w));
  if (unknown.length) fail(`test:faults: unknown scenario ${unknown.join(', ')} (known: ${all.map((s) => s.name).join(', ')})`, 2);
  const scenarios = wanted.length ? all.filter((s) => wanted.includes(s.name)) : all;
  process.stdout.write(`test:faults: seed ${seed} (FAULTS_SEED=${seed} repeats its random choices); scenarios: ${scenarios.map((s) => s.name).join(', ')}\n`);

  const bundleDir = mkdtempSync(path.join(tmpdir(), 'aftercare-faults-bundle-'));
  let results: RunResult[];
  let postgres: PostgresServer | undefined;
  try {
    let bundle;
    [bundle, postgres] = await Promise.all([buildWorkflowBundle(path.join(bundleDir, 'workflow-bundle.js')), startPostgresServer()]);
    process.stdout.write(`test:faults: send records in PostgreSQL at ${describeServer(postgres.url)}, a database of its own for each run\n`);
    const postgresServer = postgres;
    // Each run its own generator (from the one seed), so runs side by side do not draw from one stream.
    results = await Promise.all(
      scenarios.map((scenario, i) =>
        runScenario(scenario, {
          rng: seededRng(seed + i * 0x9e3779b9),
          bundlePath: bundle.path,
          postgres: postgresServer,
          runDeadlineMs: RUN_LIMIT_MS,
          keep: Boolean(process.env.FAULTS_KEEP),
        }),
      ),
    );
  } finally {
    rmSync(bundleDir, { recursive: true, force: true });
    await postgres?.stop().catch(() => undefined);
  }

  process.stdout.write(`\n${reportTable(results)}\n\n`);
  const failed = results.filter((r) => r.failures.length);
  process.stdout.write(`${summaryLine(results)}\n`);
  process.stdout.write(`test:faults: ${failed.length ? `FAILED (${failed.map((r) => r.name).join(', ')})` : 'all held'} in ${Math.round((Date.now() - startedAt) / 1000)} s, seed ${seed}\n`);
  return failed.length ? 1 : 0;
}

// Whatever way this process ends, no dev server or worker outlives it.
process.on('exit', killAllChildrenNow);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => fail(`test:faults: ${signal}, stopped`, 130));
}
const watchdog = setTimeout(() => fail(`test:faults: FAILED: still running after ${OVERALL_LIMIT_MS / 1000} s, stopped`), OVERALL_LIMIT_MS);

main().then(
  (code) => {
    clearTimeout(watchdog);
    process.exit(code);
  },
  (err: unknown) => fail(`test:faults: FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
);
