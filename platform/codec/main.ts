/**
 * The codec server as a process: `node bin/run.js codec/main.ts`.
 *
 * Environment:
 *   CODEC_KEYS + CODEC_KEY_ID, or CODEC_KEYS_FILE   the key ring (see ./aes-gcm-codec.ts); required
 *   CODEC_SERVER_TOKEN       bearer token clients must send (at least 16 characters); required
 *   CODEC_SERVER_PORT        default 8234
 *   CODEC_SERVER_HOST        default 127.0.0.1 (loopback only; put TLS in front for anything else)
 *   CODEC_CORS_ORIGINS       comma-separated Web UI origins, default http://localhost:8233,http://127.0.0.1:8233
 *   CODEC_NAMESPACES         comma-separated namespaces served (X-Namespace); default any
 *   CODEC_OIDC_ISSUER        with a Web UI behind sign-in (TEMPORAL_AUTH_*, TEMPORAL_CODEC_PASS_ACCESS_TOKEN):
 *                            the OIDC issuer whose access tokens are accepted too (./oidc-verifier.ts)
 *   CODEC_OIDC_AUDIENCE      the `aud` those tokens must carry; required with CODEC_OIDC_ISSUER
 *   CODEC_OIDC_JWKS_URL      the issuer's key set; default from its discovery document
 *
 * Then, with the token in the CLI's environment rather than on its command line:
 * `TEMPORAL_CODEC_AUTH="Bearer $CODEC_SERVER_TOKEN" temporal workflow show -w <id> --codec-endpoint http://127.0.0.1:8234`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PayloadCodec } from '@temporalio/common';
import { CodecConfigError, createAesGcmCodec, loadCodecKeys } from './aes-gcm-codec';
import { CODEC_TOKEN_MIN_LENGTH, createCodecServerHandler, tokensMatch, type CodecServerOptions } from './codec-server';
import { oidcAccessTokenVerifier } from './oidc-verifier';

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
  if (env.CODEC_SERVER_PATH_TOKEN?.trim()) {
    throw new CodecConfigError(
      'CODEC_SERVER_PATH_TOKEN is no longer supported: a token in the URL shows in the Web UI\'s settings and in logs. Put the UI behind sign-in and set CODEC_OIDC_ISSUER (platform/codec/README.md)',
    );
  }
  const port = env.CODEC_SERVER_PORT?.trim() ? Number(env.CODEC_SERVER_PORT) : DEFAULT_CODEC_SERVER_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CodecConfigError('CODEC_SERVER_PORT must be a port number (0-65535)');
  const namespaces = list(env.CODEC_NAMESPACES);
  const issuer = env.CODEC_OIDC_ISSUER?.trim();
  if (issuer && !/^https:\/\//.test(issuer)) throw new CodecConfigError('CODEC_OIDC_ISSUER must be an https:// URL');
  const jwksUrl = env.CODEC_OIDC_JWKS_URL?.trim();
  const audience = env.CODEC_OIDC_AUDIENCE?.trim();
  // Without an audience, a token the issuer gave any other application would decrypt payloads too.
  if (issuer && !audience) throw new CodecConfigError('CODEC_OIDC_AUDIENCE must be set with CODEC_OIDC_ISSUER: the `aud` of the Web UI\'s access tokens');
  const accessToken = issuer && audience ? oidcAccessTokenVerifier({ issuer, audience, ...(jwksUrl ? { jwksUrl } : {}) }) : undefined;
  return {
    codec: createAesGcmCodec(keys),
    // The static token stays for the CLI and the health check; a signed-in UI's access token is checked against the issuer.
    token: accessToken ? async (presented: string) => tokensMatch(presented, token) || (await accessToken(presented)) : token,
    port,
    host: env.CODEC_SERVER_HOST?.trim() || '127.0.0.1',
    allowedOrigins: list(env.CODEC_CORS_ORIGINS) ?? DEFAULT_UI_ORIGINS,
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
