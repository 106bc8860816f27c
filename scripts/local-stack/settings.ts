/**
 * The local stack's settings: the environment over the git-ignored .env.local, its ports (each
 * movable by a variable), and the secrets it makes once and keeps in .env.local (mode 0600).
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from '../../platform/config';
import { PROJECT_ROOT } from '../../platform/paths';
import { parseEnvFile } from '../../platform/env-file';
import { LOOPBACK } from '../../dev/ports';

/** Why the local stack will not start, shown to the person as it is. */
export class StartError extends Error {}

export interface StackSettings {
  config: Config;
  /** Environment for the children (the worker reads its configuration from it). */
  env: NodeJS.ProcessEnv;
  temporalPort: number;
  temporalUiPort: number;
  /** Undefined when SMTP_URL points at a server elsewhere: no local mail server then. */
  mail: { smtpPort: number; uiPort: number } | undefined;
  /** The .env.local file and what it holds. */
  envFile: string;
  fileValues: Record<string, string>;
}

export interface ApiKey {
  key: string;
  source: 'environment' | '.env.local' | 'generated';
  file: string;
}

export function portFrom(env: NodeJS.ProcessEnv, variable: string, fallback: number): number {
  const raw = env[variable]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 65535) {
    throw new StartError(`Invalid configuration: ${variable}: must be a port number from 1 to 65535`);
  }
  return n;
}

export function ensureApiKey(env: NodeJS.ProcessEnv, envFile: string, fileValues: Record<string, string>): ApiKey {
  return ensureSecret('API_KEY', "the local HTTP API's key (Authorization: Bearer <key>)", env, envFile, fileValues);
}

/**
 * A secret from the environment or .env.local, or a new random one appended to .env.local (mode
 * 0600): API_KEY, PHONE_HASH_KEY, TWILIO_WEBHOOK_AUTH_TOKEN, the codec's keys. `made` is the
 * new value when one must be made (a random one by default).
 */
export function ensureSecret(
  name: string,
  what: string,
  env: NodeJS.ProcessEnv,
  envFile: string,
  fileValues: Record<string, string>,
  made: string = randomBytes(32).toString('base64url'),
): ApiKey {
  const fromEnv = env[name]?.trim();
  if (fromEnv && fileValues[name] !== fromEnv) return { key: fromEnv, source: 'environment', file: envFile };
  if (fromEnv) return { key: fromEnv, source: '.env.local', file: envFile };
  const key = made;
  const line = `# Made by \`npm start\`: ${what}.\n${name}=${key}\n`;
  if (existsSync(envFile)) {
    const text = readFileSync(envFile, 'utf8');
    appendFileSync(envFile, `${text.endsWith('\n') || text === '' ? '' : '\n'}${line}`);
  } else {
    mkdirSync(path.dirname(envFile), { recursive: true });
    writeFileSync(envFile, line, { mode: 0o600 });
  }
  chmodSync(envFile, 0o600);
  return { key, source: 'generated', file: envFile };
}

function isLocalHost(host: string): boolean {
  return ['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0'].includes(host.toLowerCase());
}

export function resolveSettings(baseEnv: NodeJS.ProcessEnv = process.env): StackSettings {
  const envFile = path.resolve(baseEnv.ENV_LOCAL_FILE?.trim() || path.join(PROJECT_ROOT, '.env.local'));
  const fileValues = existsSync(envFile) ? parseEnvFile(readFileSync(envFile, 'utf8')) : {};
  // .env.local fills in what the environment leaves unset; the environment wins.
  const env: NodeJS.ProcessEnv = { ...fileValues, ...baseEnv };
  for (const key of Object.keys(env)) if (env[key] === '') delete env[key];

  const temporalPort = portFrom(env, 'TEMPORAL_PORT', 7233);
  const temporalUiPort = portFrom(env, 'TEMPORAL_UI_PORT', 8233);
  const mailUiPort = portFrom(env, 'MAIL_UI_PORT', 1080);
  // The local stack runs its own Temporal: settings for a remote cluster do not apply to it.
  for (const key of ['TEMPORAL_API_KEY', 'TEMPORAL_TLS_CERT_PATH', 'TEMPORAL_TLS_KEY_PATH', 'TEMPORAL_TLS_CA_PATH', 'TEMPORAL_TLS_SERVER_NAME']) delete env[key];
  env.TEMPORAL_ADDRESS = `localhost:${temporalPort}`;
  // The worker's metrics, like every local page, for this machine only.
  env.METRICS_HOST = LOOPBACK;

  let config: Config;
  try {
    config = loadConfig(env, PROJECT_ROOT);
  } catch (err) {
    if (err instanceof ConfigError) throw new StartError(err.message);
    throw err;
  }
  const smtp = new URL(config.SMTP_URL);
  const mail = isLocalHost(smtp.hostname)
    ? { smtpPort: smtp.port ? Number(smtp.port) : smtp.protocol === 'smtps:' ? 465 : 25, uiPort: mailUiPort }
    : undefined;
  if (mail && smtp.protocol === 'smtps:') {
    throw new StartError('Invalid configuration: SMTP_URL: the local mail server speaks plain smtp://, not smtps://');
  }
  env.DATA_DIR = config.DATA_DIR;
  env.CLINICS_FILE = config.CLINICS_FILE;
  env.METRICS_PORT = String(config.METRICS_PORT);
  env.PORT = String(config.PORT);
  return { config, env, temporalPort, temporalUiPort, mail, envFile, fileValues };
}
