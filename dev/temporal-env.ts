/**
 * Real Temporal servers for tests, from the project's toolchain (never downloaded): the
 * time-skipping test server, and the Temporal CLI's dev server as dev/dev-server.ts runs it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SearchAttributeType, type DataConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { SEARCH_ATTRIBUTES } from '../workflows/contract';
import { devServer, ONE_PARTITION_PER_TASK_QUEUE } from './dev-server';
import { requireTool } from './temporal-toolchain';

/** `dataConverter` (optional) is the client's, e.g. the payload codec's; give the worker the same. */
export async function createTimeSkippingEnv(opts: { dataConverter?: DataConverter } = {}): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: requireTool('testServer') } },
    ...(opts.dataConverter ? { client: { dataConverter: opts.dataConverter } } : {}),
  });
  // The time-skipping server knows no custom search attributes until told, like a real cluster.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      Object.values(SEARCH_ATTRIBUTES).map((key) => [key.name, INDEXED_VALUE_TYPE[key.type]!]),
    ),
  });
  return env;
}

const INDEXED_VALUE_TYPE: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  [SearchAttributeType.KEYWORD]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeType.INT]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  [SearchAttributeType.DATETIME]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
};

/**
 * The SDK's test environment on this project's dev server (dev/dev-server.ts: in memory unless
 * `dbFilename`, no UI, one partition per task queue, plus any `dynamicConfig`); `teardown()` stops
 * the server too.
 */
export async function createLocalEnv(
  opts: { dbFilename?: string; dataConverter?: DataConverter; dynamicConfig?: Readonly<Record<string, unknown>> } = {},
): Promise<TestWorkflowEnvironment> {
  const logDir = mkdtempSync(path.join(tmpdir(), 'aftercare-dev-server-'));
  const server = devServer({
    ip: '127.0.0.1',
    logLevel: 'warn',
    logFile: path.join(logDir, 'temporal.log'),
    ...(opts.dbFilename ? { dbFile: opts.dbFilename } : {}),
    dynamicConfig: { ...SDK_TEST_SERVER_CONFIG, ...ONE_PARTITION_PER_TASK_QUEUE, ...opts.dynamicConfig },
  });
  const stopServer = async () => {
    await server.stop(5_000);
    rmSync(logDir, { recursive: true, force: true });
  };
  try {
    await server.start();
    const env = await TestWorkflowEnvironment.createFromExistingServer({
      address: server.address,
      ...(opts.dataConverter ? { client: { dataConverter: opts.dataConverter } } : {}),
    });
    const closeConnections = env.teardown.bind(env);
    return Object.assign(env, {
      async teardown() {
        await closeConnections();
        await stopServer();
      },
    });
  } catch (err) {
    await stopServer();
    throw err;
  }
}

/** What the SDK's own local environment sets on the dev servers it starts; the tests were written against it. */
const SDK_TEST_SERVER_CONFIG = {
  'frontend.enableServerVersionCheck': false,
  'frontend.enableUpdateWorkflowExecution': true,
  'frontend.enableUpdateWorkflowExecutionAsyncAccepted': true,
};
