/**
 * The HTTP API on a real dev server with a real worker, listening on a free loopback port: what the
 * API, webhook and bad-input suites each test against.
 */
import type { AddressInfo } from 'node:net';
import { buildApp, type ApiConfig } from '../../api/server';
import type { JsonLogger } from '../../platform/logger';
import type { ClinicProfile } from '../../workflows/contract';
import { startHarness } from '../../dev/aftercare-harness';
import { createLocalEnv } from '../../dev/temporal-env';

export async function startApiStack(opts: {
  clinics: Map<string, ClinicProfile>;
  config: ApiConfig;
  logger: JsonLogger;
  taskQueue?: string;
}) {
  const env = await createLocalEnv();
  // The worker knows the API's clinics: it reads them when it sends, and polls their text queues.
  const h = await startHarness(env, { clinics: [...opts.clinics.values()], ...(opts.taskQueue ? { taskQueue: opts.taskQueue } : {}) });
  const app = await buildApp({ temporalClient: env.client, clinics: opts.clinics, config: opts.config, logger: opts.logger });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    env,
    h,
    app,
    baseUrl,
    async stop() {
      await app.close();
      // Leave nothing running on the worker's queue.
      for await (const wf of env.client.workflow.list({ query: `ExecutionStatus = 'Running'` })) {
        await env.client.workflow.getHandle(wf.workflowId).terminate('test finished').catch(() => undefined);
      }
      await h.stop();
      await env.teardown();
    },
  };
}
