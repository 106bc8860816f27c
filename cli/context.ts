/** What the server-facing commands share: configuration, the clinics, a Temporal client. */
import type { Client } from '@temporalio/client';
import { loadConfig, type Config } from '../platform/config';
import { loadClinics } from '../platform/clinics';
import { withEnvLocal } from '../platform/env-file';
import type { ClinicProfile } from '../workflows/contract';
import { UsageError } from './kit';
import { connectClient } from '../platform/temporal-connection';

let config: Config | undefined;

export function cliConfig(): Config {
  if (!config) {
    try {
      config = loadConfig(withEnvLocal(process.env));
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  return config;
}

export function cliClinics(): Map<string, ClinicProfile> {
  try {
    return loadClinics(cliConfig().CLINICS_FILE);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Runs `fn` with a connected client and closes the connection afterwards. */
export async function withClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = await connectClient(cliConfig());
  try {
    return await fn(client);
  } finally {
    await client.connection.close();
  }
}
