/** A Temporal client for the CLI and the HTTP API, from the one configuration schema. */
import { readFileSync } from 'node:fs';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { UnreachableError } from './cli-kit';

export interface TemporalSettings {
  TEMPORAL_ADDRESS: string;
  TEMPORAL_NAMESPACE: string;
  TEMPORAL_API_KEY?: string | undefined;
  TEMPORAL_TLS_CERT_PATH?: string | undefined;
  TEMPORAL_TLS_KEY_PATH?: string | undefined;
}

/** Connection options for a local dev server, a self-hosted cluster (mTLS) or Temporal Cloud (API key). */
export function connectionOptions(settings: TemporalSettings): ConnectionOptions {
  const options: ConnectionOptions = { address: settings.TEMPORAL_ADDRESS, connectTimeout: '5 seconds' };
  if (settings.TEMPORAL_TLS_CERT_PATH && settings.TEMPORAL_TLS_KEY_PATH) {
    options.tls = {
      clientCertPair: {
        crt: readFileSync(settings.TEMPORAL_TLS_CERT_PATH),
        key: readFileSync(settings.TEMPORAL_TLS_KEY_PATH),
      },
    };
  }
  if (settings.TEMPORAL_API_KEY) {
    options.apiKey = settings.TEMPORAL_API_KEY;
    options.tls ??= true;
  }
  return options;
}

export async function connectClient(settings: TemporalSettings): Promise<Client> {
  let connection: Connection;
  try {
    connection = await Connection.connect(connectionOptions(settings));
  } catch (err) {
    throw new UnreachableError(
      `cannot reach the Temporal server at ${settings.TEMPORAL_ADDRESS} (${(err as Error).message.split('\n')[0]}). ` +
        'Is it running? `npm start` runs the local stack.',
    );
  }
  return new Client({ connection, namespace: settings.TEMPORAL_NAMESPACE });
}
