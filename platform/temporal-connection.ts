/** A Temporal client for the CLI and the HTTP API, from the one configuration schema. */
import { readFileSync } from 'node:fs';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import { codecOptions } from './codec/wiring';

/**
 * The Temporal server (or another service) cannot be reached. Defined here, where connecting
 * happens, so the CLI (exit code 1) and the API (503) recognise it without importing each other.
 */
export class UnreachableError extends Error {
  override name = 'UnreachableError';
}

export interface TemporalSettings {
  TEMPORAL_ADDRESS: string;
  TEMPORAL_NAMESPACE: string;
  TEMPORAL_API_KEY?: string | undefined;
  TEMPORAL_TLS_CERT_PATH?: string | undefined;
  TEMPORAL_TLS_KEY_PATH?: string | undefined;
  TEMPORAL_TLS_CA_PATH?: string | undefined;
  TEMPORAL_TLS_SERVER_NAME?: string | undefined;
}

export interface CodecSettings {
  CODEC_KEYS?: string | undefined;
  CODEC_KEY_ID?: string | undefined;
  CODEC_KEYS_FILE?: string | undefined;
}

/**
 * TLS and authentication, the same for the worker's native connection and the clients':
 * nothing for a local dev server; mTLS (cert + key, optionally a private CA and a server name) for
 * a self-hosted cluster or Temporal Cloud with certificates; an API key (which implies TLS) for
 * Temporal Cloud with API keys.
 */
export function temporalAuth(settings: TemporalSettings): { tls?: TLSConfig | true; apiKey?: string } {
  const tls: TLSConfig = {};
  if (settings.TEMPORAL_TLS_CERT_PATH && settings.TEMPORAL_TLS_KEY_PATH) {
    tls.clientCertPair = { crt: readFileSync(settings.TEMPORAL_TLS_CERT_PATH), key: readFileSync(settings.TEMPORAL_TLS_KEY_PATH) };
  }
  if (settings.TEMPORAL_TLS_CA_PATH) tls.serverRootCACertificate = readFileSync(settings.TEMPORAL_TLS_CA_PATH);
  if (settings.TEMPORAL_TLS_SERVER_NAME) tls.serverNameOverride = settings.TEMPORAL_TLS_SERVER_NAME;
  const wantsTls = Object.keys(tls).length > 0;
  return {
    ...(wantsTls ? { tls } : settings.TEMPORAL_API_KEY ? { tls: true as const } : {}),
    ...(settings.TEMPORAL_API_KEY ? { apiKey: settings.TEMPORAL_API_KEY } : {}),
  };
}

/** Connection options for a local dev server, a self-hosted cluster (mTLS) or Temporal Cloud (API key). */
export function connectionOptions(settings: TemporalSettings): ConnectionOptions {
  return { address: settings.TEMPORAL_ADDRESS, connectTimeout: '5 seconds', ...temporalAuth(settings) };
}

/** Connects a client; with codec keys configured, every payload it writes is encrypted and every one it reads decrypted. */
export async function connectClient(settings: TemporalSettings & CodecSettings): Promise<Client> {
  let connection: Connection;
  try {
    connection = await Connection.connect(connectionOptions(settings));
  } catch (err) {
    throw new UnreachableError(
      `cannot reach the Temporal server at ${settings.TEMPORAL_ADDRESS} (${(err as Error).message.split('\n')[0]}). ` +
        'Is it running? `npm start` runs the local stack.',
    );
  }
  return new Client({ connection, namespace: settings.TEMPORAL_NAMESPACE, ...codecOptions(settings) });
}
