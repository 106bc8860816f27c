/**
 * The HTTP API on a real dev server with a real worker, listening on a free loopback port: what the
 * API, webhook and bad-input suites each test against. Its clinics are in the real store, on a
 * PGlite database in memory of its own.
 */
import type { AddressInfo } from 'node:net';
import { buildApp, type ApiConfig } from '../../api/server';
import { unsubscribeUrl } from '../../app/unsubscribe-token';
import { calendarUrl } from '../../app/calendar-token';
import type { Clinic } from '../../domain/clinic';
import type { JsonLogger } from '../../platform/logger';
import type { ClinicProfile } from '../../workflows/contract';
import { startHarness } from '../../dev/aftercare-harness';
import { openClinicStore } from '../../dev/clinics';
import { createLocalEnv } from '../../dev/temporal-env';

/** The API's settings in these suites (a key and secrets for tests only); `overrides` on top. */
export const TEST_API_KEY = 'test-api-key-0123456789abcdef';
export function testApiConfig(overrides: Partial<ApiConfig> = {}): ApiConfig {
  return {
    API_KEY: TEST_API_KEY,
    PUBLIC_BASE_URL: 'https://aftercare.example.com',
    TWILIO_AUTH_TOKEN: 'twilio-auth-token-for-tests',
    TWILIO_WEBHOOK_AUTH_TOKEN: undefined,
    PHONE_HASH_KEY: 'phone-hash-key-for-tests-0123',
    API_RATE_LIMIT_PER_MINUTE: 1000,
    // Suites that ask with wrong and revoked keys on purpose; test/e2e/auth.test.ts tests the limit.
    API_AUTH_FAILURES_PER_MINUTE: 1000,
    ...overrides,
  };
}

export async function startApiStack(opts: {
  clinics: ReadonlyMap<string, ClinicProfile | Clinic> | readonly (ClinicProfile | Clinic)[];
  config: ApiConfig;
  logger: JsonLogger;
  taskQueue?: string;
  /** Client emails carry unsubscribe links to this stack's own address, as the worker makes them. */
  unsubscribeLinks?: boolean;
  /** Welcome emails carry the session's calendar address on this stack, as the worker makes it. */
  calendarLinks?: boolean;
  /** The worker's send records in the API's database, as in production (one DATABASE_URL): the clinic's numbers read them. */
  sharedRecords?: boolean;
}) {
  const env = await createLocalEnv();
  const list = 'values' in opts.clinics ? [...opts.clinics.values()] : [...opts.clinics];
  const database = await openClinicStore(list);
  const clinics = database.store;
  // The worker reads the API's store: a clinic added through the API is texted from, with its current details.
  // The links point at the app, whose port is known once it listens (before any email goes).
  let linkBase = '';
  const key = opts.config.PHONE_HASH_KEY;
  const h = await startHarness(env, {
    directory: clinics,
    photos: database.access.photos,
    ...(opts.taskQueue ? { taskQueue: opts.taskQueue } : {}),
    ...(opts.unsubscribeLinks && key ? { unsubscribeUrl: (r: { to: string; clinicId: string }) => unsubscribeUrl(linkBase, key, r) } : {}),
    ...(opts.calendarLinks && key ? { calendarUrl: (workflowId: string) => calendarUrl(linkBase, key, workflowId) } : {}),
    ...(opts.sharedRecords ? { recordsDb: database.db } : {}),
  });
  const app = await buildApp({ temporalClient: env.client, clinics, access: database.access, config: opts.config, logger: opts.logger, sms: h.senders });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  linkBase = baseUrl;
  return {
    env,
    h,
    app,
    baseUrl,
    /** The store the app reads its clinics from. */
    clinics,
    /** People, keys, sessions and the audit log of the app's database. */
    access: database.access,
    db: database.db,
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
