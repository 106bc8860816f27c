/**
 * The lifecycle most workflow suites share: one time-skipping server per file, and a fresh harness
 * (worker, Twilio stand-in, SMTP sink, send records) for each test, saving histories under
 * test/workflow/histories when RECORD_HISTORIES is set. `use` receives both before each test;
 * `replace` swaps the test's harness for one with other options (e.g. earlier workflow code), and
 * the one in place at the end of the test is the one stopped.
 */
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startHarness, type Harness } from '../../dev/aftercare-harness';
import { createTimeSkippingEnv } from '../../dev/temporal-env';

const HISTORY_DIR = process.env.RECORD_HISTORIES ? path.join(__dirname, '..', 'workflow', 'histories') : undefined;

type HarnessOptions = NonNullable<Parameters<typeof startHarness>[1]>;

/**
 * `serverPerTest`: a time-skipping server of each test's own, for suites whose tests run many
 * workers against it (a queue per clinic, redeployed workflow code). A server shared by such tests
 * was seen to stall the calls of the tests after one (2 of 6 runs under load, and once in CI),
 * and a test that times out there leaves calls retrying after the teardown.
 */
export function harnessPerTest(
  use: (env: TestWorkflowEnvironment, h: Harness) => void,
  opts: { serverPerTest?: boolean } = {},
): { replace(opts: HarnessOptions): Promise<Harness> } {
  let env: TestWorkflowEnvironment | undefined;
  let h: Harness | undefined;
  const start = (options: HarnessOptions = {}) => startHarness(env!, { ...(HISTORY_DIR ? { historyDir: HISTORY_DIR } : {}), ...options });
  const [setUp, tearDown] = opts.serverPerTest ? [beforeEach, afterEach] : [beforeAll, afterAll];
  setUp(async () => {
    env = await createTimeSkippingEnv();
  });
  beforeEach(async () => {
    h = await start();
    use(env!, h);
  });
  afterEach(async () => {
    await h?.stop();
  });
  // After the harness's stop (hooks of one scope run in the order they are declared).
  tearDown(async () => {
    await env?.teardown();
  });
  return {
    async replace(opts) {
      await h?.stop();
      h = await start(opts);
      return h;
    },
  };
}
