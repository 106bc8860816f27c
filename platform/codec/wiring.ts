/**
 * One-line wiring of the codec into the worker, the clients and the local stack.
 *
 *   worker/main.ts        Worker.create({ ..., ...codecOptions(process.env) })
 *   worker/build-bundle   bundleWorkflowCode({ ..., failureConverterPath: FAILURE_CONVERTER_PATH }), always:
 *                         an image is built before anyone knows whether its deployment sets keys
 *   client/connection.ts  new Client({ connection, namespace, ...codecOptions(withEnvLocal(process.env)) })
 *   scripts/start.ts      const codec = await startLocalCodecServer(env); ... --ui-codec-endpoint codec.uiCodecEndpoint
 *
 * With no CODEC_KEYS / CODEC_KEYS_FILE, nothing is encrypted and these return `{}` / undefined.
 */
import { randomBytes } from 'node:crypto';
import type { DataConverter } from '@temporalio/common';
import { createAesGcmCodec, dataConverterFor, generateCodecKey, loadCodecKeys, type CodecEnv } from './aes-gcm-codec';
import { CODEC_TOKEN_MIN_LENGTH } from './codec-server';
import { DEFAULT_CODEC_SERVER_PORT, DEFAULT_UI_ORIGINS, startCodecServer, type RunningCodecServer } from './main';

type Env = CodecEnv;

/** The data converter for Client / Worker.create, or undefined when no key is configured. Throws CodecConfigError. */
export function codecDataConverter(env: Env = process.env): DataConverter | undefined {
  const keys = loadCodecKeys(env);
  return keys ? dataConverterFor(createAesGcmCodec(keys)) : undefined;
}

/** `{ dataConverter }` to spread into Client or Worker options, or `{}` without keys. */
export function codecOptions(env: Env = process.env): { dataConverter?: DataConverter } {
  const dataConverter = codecDataConverter(env);
  return dataConverter ? { dataConverter } : {};
}

/**
 * What the local stack generates once and keeps in .env.local (like API_KEY) when the variables
 * are not set: a key ring of one key, and the codec server's token.
 */
export function newLocalCodecVariables(now: Date = new Date()): { CODEC_KEYS: string; CODEC_KEY_ID: string; CODEC_SERVER_TOKEN: string } {
  const id = `local-${now.toISOString().slice(0, 10)}`;
  return { CODEC_KEYS: `${id}:${generateCodecKey()}`, CODEC_KEY_ID: id, CODEC_SERVER_TOKEN: randomBytes(24).toString('base64url') };
}

export interface LocalCodecServer extends RunningCodecServer {
  /** For `temporal server start-dev --ui-codec-endpoint <this>`: the server URL with the token as path. */
  uiCodecEndpoint: string;
  /** For the CLI: `--codec-endpoint <url> --codec-auth "<this>"`. */
  cliCodecAuth: string;
}

/**
 * Starts the codec server for the local stack's Web UI, or returns undefined without keys.
 * The dev server's UI has no login, hence no access token to pass: the token travels in the
 * endpoint's path instead (acceptPathToken), and only the UI's origins may call it.
 */
export async function startLocalCodecServer(
  env: CodecEnv & { CODEC_SERVER_TOKEN?: string | undefined; CODEC_SERVER_PORT?: string | undefined },
  options: { port?: number; uiOrigins?: string[] } = {},
): Promise<LocalCodecServer | undefined> {
  const keys = loadCodecKeys(env);
  if (!keys) return undefined;
  const token = env.CODEC_SERVER_TOKEN?.trim();
  if (!token || token.length < CODEC_TOKEN_MIN_LENGTH) {
    throw new Error(`CODEC_SERVER_TOKEN must be set (at least ${CODEC_TOKEN_MIN_LENGTH} characters) when CODEC_KEYS is`);
  }
  const port = options.port ?? (env.CODEC_SERVER_PORT ? Number(env.CODEC_SERVER_PORT) : DEFAULT_CODEC_SERVER_PORT);
  const running = await startCodecServer({
    codec: createAesGcmCodec(keys),
    token,
    acceptPathToken: true,
    allowedOrigins: options.uiOrigins ?? DEFAULT_UI_ORIGINS,
    port,
  });
  return { ...running, uiCodecEndpoint: `${running.url}/${encodeURIComponent(token)}`, cliCodecAuth: `Bearer ${token}` };
}
