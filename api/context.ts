/** What the API's route modules share: the dependencies from outside and the Temporal deadline. */
import type { Client } from '@temporalio/client';
import type { ClinicSenders } from '../activities/sms/clinic-senders';
import type { Config } from '../platform/config';
import type { JsonLogger } from '../platform/logger';
import type { ClinicStore } from '../platform/clinics';
import type { AccessStores } from '../platform/people';
import { IdempotencyCache } from './idempotency';

export type ApiConfig = Pick<
  Config,
  'API_KEY' | 'PUBLIC_BASE_URL' | 'TWILIO_AUTH_TOKEN' | 'TWILIO_WEBHOOK_AUTH_TOKEN' | 'PHONE_HASH_KEY' | 'API_RATE_LIMIT_PER_MINUTE'
> &
  /** The platform's sender, which inbound texts are routed by (api/webhooks/twilio-inbound.ts). */
  Partial<Pick<Config, 'TWILIO_FROM' | 'TWILIO_MESSAGING_SERVICE_SID'>> &
  /**
   * Emails (invitations, api/routes/staff.ts; password resets, api/routes/session.ts): the mail
   * server, and PORT for the links when PUBLIC_BASE_URL is unset. Failed authentications allowed
   * per address and minute (api/plugins/auth.ts; default 20).
   */
  Partial<Pick<Config, 'SMTP_URL' | 'EMAIL_FROM' | 'PORT' | 'API_AUTH_FAILURES_PER_MINUTE'>> &
  /** The bearer token of GET /metrics (api/routes/metrics.ts); open without it. */
  Partial<Pick<Config, 'METRICS_TOKEN'>>;

export interface ApiDeps {
  temporalClient: Client;
  /**
   * Read at each request (platform/database/clinic-store.ts); api/main.ts puts CachedClinicStore in
   * front, so a change made through this API counts at once and one made elsewhere within
   * CLINIC_READ_FRESH_MS (platform/cached-clinics.ts).
   */
  clinics: ClinicStore;
  /** People, sessions, links, keys and the audit log (platform/database/access-stores.ts). */
  access: AccessStores;
  config: ApiConfig;
  logger: JsonLogger;
  /** The clock for enrollment checks (a session in the future, too old). Default: the system clock. */
  now?: () => Date;
  /** Deadline for the Temporal calls of one request; 503 beyond. Default 10 s. */
  temporalTimeoutMs?: number;
  /** Remembered webhook answers (Twilio retries). Default: 10 000 answers for 24 hours. */
  idempotency?: IdempotencyCache;
  /** Signed MessageSids being handled or just handled, in front of the database's lasting record. Default as idempotency. */
  deliveries?: IdempotencyCache;
  /**
   * The SMS senders staff replies go through (activities/sms/clinic-senders.ts: Twilio, or the
   * local outbox), the worker's own adapters. Without them a reply answers 503.
   */
  sms?: ClinicSenders;
  /** The front desk's folder (web/), served at `/`; none when the page is served elsewhere. */
  frontDeskDir?: string;
}

export interface ApiContext {
  deps: ApiDeps;
  now: () => Date;
  /** Runs Temporal calls under the request deadline (a 503 beyond it, see api/errors.ts). */
  temporal<T>(fn: (client: Client) => Promise<T>): Promise<T>;
  idempotency: IdempotencyCache;
  deliveries: IdempotencyCache;
}

export function apiContext(deps: ApiDeps): ApiContext {
  const timeoutMs = deps.temporalTimeoutMs ?? 10_000;
  const client = deps.temporalClient;
  return {
    deps,
    now: deps.now ?? (() => new Date()),
    idempotency: deps.idempotency ?? new IdempotencyCache(),
    deliveries: deps.deliveries ?? new IdempotencyCache(),
    temporal: (fn) => client.connection.withDeadline(Date.now() + timeoutMs, () => fn(client)),
  };
}
