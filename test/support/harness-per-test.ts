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

export function harnessPerTest(use: (env: TestWorkflowEnvironment, h: Harness) => void): { replace(opts: HarnessOptions): Promise<Harness> } {
  let env: TestWorkflowEnvironment | undefined;
  let h: Harness | undefined;
  const start = (opts: HarnessOptions = {}) => startHarness(env!, { ...(HISTORY_DIR ? { historyDir: HISTORY_DIR } : {}), ...opts });
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });
  beforeEach(async () => {
    h = await start();
    use(env!, h);
  });
  afterEach(async () => {
    await h?.stop();
  });
  return {
    async replace(opts) {
      await h?.stop();
      h = await start(opts);
      return h;
    },
  };
}
