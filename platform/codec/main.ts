/**
 * The codec server as a process: `node bin/run.js codec/main.ts`.
 *
 * Environment:
 *   CODEC_KEYS + CODEC_KEY_ID, or CODEC_KEYS_FILE   the key ring (see ./aes-gcm-codec.ts); required
 *   CODEC_SERVER_TOKEN       bearer token clients must send (at least 16 characters); required
 *   CODEC_SERVER_PORT        default 8234
 *   CODEC_SERVER_HOST        default 127.0.0.1 (loopback only; put TLS in front for anything else)
 *   CODEC_CORS_ORIGINS       comma-separated Web UI origins, default http://localhost:8233,http://127.0.0.1:8233
 *   CODEC_SERVER_PATH_TOKEN  1 to also accept the token as the path segment before /decode (a UI without login)
 *   CODEC_NAMESPACES         comma-separated namespaces served (X-Namespace); default any
 *
 * Then: `temporal workflow show -w <id> --codec-endpoint http://127.0.0.1:8234 --codec-auth "Bearer $CODEC_SERVER_TOKEN"`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PayloadCodec } from '@temporalio/common';
import { CodecConfigError, createAesGcmCodec, loadCodecKeys } from './aes-gcm-codec';
import { CODEC_TOKEN_MIN_LENGTH, createCodecServerHandler, type CodecServerOptions } from './codec-server';

export const DEFAULT_CODEC_SERVER_PORT = 8234;
export const DEFAULT_UI_ORIGINS = ['http://localhost:8233', 'http://127.0.0.1:8233'];

export interface StartCodecServerOptions extends CodecServerOptions {
  codec: PayloadCodec;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8234; 0 picks a free port. */
  port?: number;
}

export interface RunningCodecServer {
  /** Base URL, e.g. http://127.0.0.1:8234 (POST <url>/decode). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Listens; rejects with a message naming the port when it is taken. */
export function startCodecServer(options: StartCodecServerOptions): Promise<RunningCodecServer> {
  const host = options.host ?? '127.0.0.1';
  const server = http.createServer(createCodecServerHandler(options));
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const port = options.port ?? DEFAULT_CODEC_SERVER_PORT;
      reject(
        new Error(
          err.code === 'EADDRINUSE'
            ? `Port ${port} (codec server) is already in use. Stop whatever is using it, or set CODEC_SERVER_PORT to a free port.`
            : `codec server cannot listen on ${host}:${port}: ${err.message}`,
        ),
      );
    });
    server.listen(options.port ?? DEFAULT_CODEC_SERVER_PORT, host, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

const list = (value: string | undefined): string[] | undefined =>
  value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Reads the environment described above into server options; throws CodecConfigError naming the variable. */
export function codecServerOptionsFromEnv(env: Record<string, string | undefined> = process.env): StartCodecServerOptions {
  const keys = loadCodecKeys(env);
  if (!keys) throw new CodecConfigError('CODEC_KEYS (or CODEC_KEYS_FILE) must be set for the codec server');
  const token = env.CODEC_SERVER_TOKEN?.trim();
  if (!token || token.length < CODEC_TOKEN_MIN_LENGTH) {
    throw new CodecConfigError(`CODEC_SERVER_TOKEN must be set, at least ${CODEC_TOKEN_MIN_LENGTH} characters`);
  }
  const port = env.CODEC_SERVER_PORT?.trim() ? Number(env.CODEC_SERVER_PORT) : DEFAULT_CODEC_SERVER_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CodecConfigError('CODEC_SERVER_PORT must be a port number (0-65535)');
  const namespaces = list(env.CODEC_NAMESPACES);
  return {
    codec: createAesGcmCodec(keys),
    token,
    port,
    host: env.CODEC_SERVER_HOST?.trim() || '127.0.0.1',
    allowedOrigins: list(env.CODEC_CORS_ORIGINS) ?? DEFAULT_UI_ORIGINS,
    acceptPathToken: /^(1|true|yes)$/i.test(env.CODEC_SERVER_PATH_TOKEN ?? ''),
    ...(namespaces ? { namespaces } : {}),
  };
}

async function main(): Promise<void> {
  let options: StartCodecServerOptions;
  try {
    options = codecServerOptionsFromEnv(process.env);
  } catch (err) {
    process.stderr.write(`codec server: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const running = await startCodecServer({
    ...options,
    onRequest: (entry) => process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), service: 'codec-server', ...entry })}\n`),
  });
  process.stdout.write(`codec server on ${running.url} (origins: ${options.allowedOrigins.join(', ')})\n`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void running.close().then(() => process.exit(0));
    });
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`codec server: ${(err as Error).message}\n`);
    process.exit(1);
  });
}
