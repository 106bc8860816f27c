/**
 * Real Temporal servers for tests, from the project's toolchain: the time-skipping test server and
 * the Temporal CLI's dev server, both started as `existing-path` executables (never downloaded).
 */
import { SearchAttributeType, type DataConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { SEARCH_ATTRIBUTES } from '../workflows/contract';
import { DEV_SERVER_ARGS, requireTool } from './temporal-toolchain';

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

export function createLocalEnv(opts: { dbFilename?: string; dataConverter?: DataConverter } = {}): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: requireTool('cli') },
      searchAttributes: Object.values(SEARCH_ATTRIBUTES),
      ...(opts.dbFilename ? { dbFilename: opts.dbFilename } : {}),
      ui: false,
      extraArgs: [...DEV_SERVER_ARGS],
    },
    ...(opts.dataConverter ? { client: { dataConverter: opts.dataConverter } } : {}),
  });
}
