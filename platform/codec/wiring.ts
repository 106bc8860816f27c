/**
 * One-line wiring of the codec into the worker, the clients and the local stack.
 *
 *   worker/main.ts        Worker.create({ ..., ...codecOptions(process.env) })
 *   worker/build-bundle   bundleWorkflowCode({ ..., failureConverterPath: FAILURE_CONVERTER_PATH }), always:
 *                         an image is built before anyone knows whether its deployment sets keys
 *   client/connection.ts  new Client({ connection, namespace, ...codecOptions(withEnvLocal(process.env)) })
 *   scripts/start.ts      const codec = await startLocalCodecServer(env); ... the UI's codec endpoint: codec.uiCodecEndpoint
 *
 * With no CODEC_KEYS / CODEC_KEYS_FILE, nothing is encrypted and these return `{}` / undefined.
 */
import type { DataConverter } from '@temporalio/common';
import { createAesGcmCodec, dataConverterFor, generateCodecKey, loadCodecKeys, type CodecEnv } from './aes-gcm-codec';
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
 * are not set: a key ring of one key.
 */
export function newLocalCodecVariables(now: Date = new Date()): { CODEC_KEYS: string; CODEC_KEY_ID: string } {
  const id = `local-${now.toISOString().slice(0, 10)}`;
  return { CODEC_KEYS: `${id}:${generateCodecKey()}`, CODEC_KEY_ID: id };
}

export interface LocalCodecServer extends RunningCodecServer {
  /** The Web UI's codec endpoint: the server's URL, nothing secret in it. */
  uiCodecEndpoint: string;
}

/**
 * Starts the codec server for the local stack's Web UI, or returns undefined without keys.
 * The dev server's UI has no sign-in, hence no access token to pass, and whatever it is told
 * (its codec endpoint included) anyone who reaches it can read from its settings. So nothing
 * secret is handed to it: the codec server serves the UI's origins only (a browser cannot lie
 * about its Origin; other sites are refused) and refuses requests without an Origin. It listens on
 * loopback, like the UI.
 */
export async function startLocalCodecServer(env: CodecEnv & { CODEC_SERVER_PORT?: string | undefined }, options: { port?: number; uiOrigins?: string[] } = {}): Promise<LocalCodecServer | undefined> {
  const keys = loadCodecKeys(env);
  if (!keys) return undefined;
  const port = options.port ?? (env.CODEC_SERVER_PORT ? Number(env.CODEC_SERVER_PORT) : DEFAULT_CODEC_SERVER_PORT);
  const running = await startCodecServer({
    codec: createAesGcmCodec(keys),
    originIsCredential: true,
    allowedOrigins: options.uiOrigins ?? DEFAULT_UI_ORIGINS,
    host: '127.0.0.1',
    port,
  });
  return { ...running, uiCodecEndpoint: running.url };
}
