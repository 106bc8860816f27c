/**
 * The HTTP API on a real dev server with a real worker, listening on a free loopback port: what the
 * API, webhook and bad-input suites each test against. Its clinics are in the real store, on a
 * PGlite database in memory of its own.
 */
import type { AddressInfo } from 'node:net';
import { buildApp, type ApiConfig } from '../../api/server';
import type { Clinic } from '../../domain/clinic';
import type { JsonLogger } from '../../platform/logger';
import type { ClinicProfile } from '../../workflows/contract';
import { startHarness } from '../../dev/aftercare-harness';
import { openClinicStore } from '../../dev/clinics';
import { createLocalEnv } from '../../dev/temporal-env';

export async function startApiStack(opts: {
  clinics: ReadonlyMap<string, ClinicProfile | Clinic> | readonly (ClinicProfile | Clinic)[];
  config: ApiConfig;
  logger: JsonLogger;
  taskQueue?: string;
}) {
  const env = await createLocalEnv();
  const list = 'values' in opts.clinics ? [...opts.clinics.values()] : [...opts.clinics];
  // The worker knows the API's clinics: it reads them when it sends, and polls their text queues.
  const h = await startHarness(env, { clinics: list, ...(opts.taskQueue ? { taskQueue: opts.taskQueue } : {}) });
  const database = await openClinicStore(list);
  const clinics = database.store;
  const app = await buildApp({ temporalClient: env.client, clinics, config: opts.config, logger: opts.logger });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    env,
    h,
    app,
    baseUrl,
    /** The store the app reads its clinics from. */
    clinics,
    async stop() {
      await app.close();
      // Leave nothing running on the worker's queue.
      for await (const wf of env.client.workflow.list({ query: `ExecutionStatus = 'Running'` })) {
        await env.client.workflow.getHandle(wf.workflowId).terminate('test finished').catch(() => undefined);
      }
      await h.stop();
      await env.teardown();
      await database.close();
    },
  };
}
