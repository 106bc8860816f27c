/**
 * The HTTP API on its own: `node bin/run.js api/main.ts` (the local stack, `npm start`, serves the
 * same app on its PORT instead).
 *
 * Reads the environment (worker/config.ts; .env.local fills in what it leaves unset), needs
 * API_KEY, listens on 0.0.0.0:PORT, logs JSON lines to stdout, and stops on SIGINT/SIGTERM after
 * answering the requests in flight. Temporal may be down at start: the connection is made lazily
 * and requests answer 503 until it is back. Without PUBLIC_BASE_URL (or a Twilio auth token) the
 * webhooks answer 503 saying what to set; PHONE_HASH_KEY is needed to match inbound SMS to clients.
 */
import path from 'node:path';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type ConnectionOptions } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { connectionOptions } from '../platform/temporal-connection';
import { codecOptions } from '../platform/codec/wiring';
import { ConfigError, loadConfig, type Config } from '../platform/config';
import { PROJECT_ROOT } from '../platform/paths';
import { ClinicsFileError } from '../platform/clinics';
import { openClinics } from '../app/clinics';
import { CachedClinicStore } from '../platform/cached-clinics';
import { openDatabase } from '../platform/database/connection';
import { openAccessStores } from '../platform/database/access-stores';
import { sealerOf } from '../platform/sealed';
import { smsSendersOf } from '../app/sms-senders';
import { migrateToLatest } from '../platform/database/migrate';
import { withEnvLocal } from '../platform/env-file';
import { createLogger, type JsonLogger } from '../platform/logger';
import { buildApp } from './server';

export class ApiStartError extends Error {}

/** How long a stopping API waits for open requests before closing their connections. */
export const CLOSE_GRACE_MS = 5000;

/**
 * The API's Temporal connection: like the CLI's, but gives up retrying an unreachable server after
 * a few quick attempts, so a request answers 503 in about a second instead of hanging.
 */
export function apiConnectionOptions(base: ConnectionOptions): ConnectionOptions {
  return { ...base, interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 4 }))] };
}

export interface RunningApi {
  app: FastifyInstance;
  url: string;
  config: Config;
  close(): Promise<void>;
}

export async function startApi(
  env: NodeJS.ProcessEnv = process.env,
  opts: { logger?: JsonLogger; host?: string } = {},
): Promise<RunningApi> {
  let config: Config;
  try {
    config = loadConfig(withEnvLocal(env));
  } catch (err) {
    if (err instanceof ConfigError) throw new ApiStartError(err.message);
    throw err;
  }
  if (!config.API_KEY) throw new ApiStartError('Invalid configuration: API_KEY: required to run the HTTP API (clients send it as Authorization: Bearer <API_KEY>)');
  const logger = opts.logger ?? createLogger({ level: config.LOG_LEVEL, fields: { service: 'api' } });
  // The clinics live in the application database; CLINICS_FILE only fills an empty one.
  const database = await openDatabase(config);
  let clinics;
  try {
    await migrateToLatest(database.db);
    const opened = await openClinics(database.db, config.CLINICS_FILE);
    // Every enrolment reads its clinic: remembered for a moment (platform/cached-clinics.ts says how long).
    clinics = new CachedClinicStore(opened.store);
    if (opened.imported) logger.info('clinics imported from CLINICS_FILE into an empty database', { added: opened.imported.added.length, file: config.CLINICS_FILE });
  } catch (err) {
    await database.db.destroy().catch(() => undefined);
    if (err instanceof ClinicsFileError) throw new ApiStartError(err.message);
    throw err;
  }
  const connection = Connection.lazy(apiConnectionOptions(connectionOptions(config)));
  const temporalClient = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, ...codecOptions(config) });
  const access = openAccessStores(database.db, sealerOf(config));
  const sms = smsSendersOf(config).senders;
  const app = await buildApp({ temporalClient, clinics, access, config, logger, sms, frontDeskDir: path.join(PROJECT_ROOT, 'web') });
  if (!config.PUBLIC_BASE_URL) logger.warn('PUBLIC_BASE_URL is not set: the Twilio webhooks answer 503 until it is');
  if (!config.PHONE_HASH_KEY) logger.warn('PHONE_HASH_KEY is not set: enrollments get no PhoneHash and inbound SMS (STOP, HELP...) cannot find the client');
  try {
    await app.listen({ port: config.PORT, host: opts.host ?? '0.0.0.0' });
  } catch (err) {
    await app.close();
    await connection.close();
    await database.db.destroy().catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new ApiStartError(`Port ${config.PORT} (HTTP API) is already in use. Stop whatever is using it, or set PORT to a free port.`);
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://localhost:${port}`;
  logger.info('HTTP API listening', { url, temporal: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE, database: `${database.kind} ${database.location}` });
  return {
    app,
    url,
    config,
    async close() {
      // Requests in flight get a few seconds to finish; a client that stops reading its answer
      // must not hold the shutdown (and a deployment's rollout) for ever.
      const force = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
      try {
        await app.close();
      } finally {
        clearTimeout(force);
      }
      await connection.close();
      await database.db.destroy();
    },
  };
}

if (require.main === module) {
  startApi()
    .then((api) => {
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        if (stopping) return;
        stopping = true;
        process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: `${signal}: stopping the HTTP API` })}\n`);
        api.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    })
    .catch((err: unknown) => {
      process.stderr.write(`${err instanceof ApiStartError ? err.message : `API start failed: ${(err as Error).message}`}\n`);
      process.exit(1);
    });
}
