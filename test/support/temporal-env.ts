/**
 * Real Temporal servers for tests, from the project's toolchain: the time-skipping test server and
 * the Temporal CLI's dev server, both started as `existing-path` executables (never downloaded).
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { SEARCH_ATTRIBUTES } from '../../workflows/definitions';
import { requireTool } from '../../scripts/temporal-toolchain';

export function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: requireTool('testServer') } },
  });
}

export function createLocalEnv(opts: { dbFilename?: string } = {}): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: requireTool('cli') },
      searchAttributes: Object.values(SEARCH_ATTRIBUTES),
      ...(opts.dbFilename ? { dbFilename: opts.dbFilename } : {}),
      ui: false,
    },
  });
}
