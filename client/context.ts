/** What the server-facing commands share: configuration, the clinics, a Temporal client. */
import type { Client } from '@temporalio/client';
import { loadConfig, type Config } from '../worker/config';
import { loadClinics } from '../worker/clinics';
import { withEnvLocal } from '../worker/env-file';
import type { ClinicProfile } from '../workflows/definitions';
import { UsageError } from './cli-kit';
import { connectClient } from './connection';

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
