/**
 * Temporal's remote codec server protocol over node:http, so that an operator's Temporal Web UI
 * (and `temporal --codec-endpoint`) can show decrypted payloads while the Temporal server keeps only
 * ciphertext.
 *
 * - `POST …/decode` and `POST …/encode` (only the last path segment counts, as the protocol asks),
 *   body and answer `{ "payloads": [ <Payload in proto3 JSON: base64 metadata values and data> ] }`.
 *   The `X-Namespace` header names the namespace; `namespaces` restricts it when given.
 * - CORS for the Web UI's origin(s) only: a preflight `OPTIONS` from an allowed origin gets 204 with
 *   `Access-Control-Allow-Headers: Authorization, Authorization-Extras, Content-Type, X-Namespace`
 *   (what the UI sends)
 *   and `Access-Control-Allow-Credentials: true` (the UI's "include cross-origin credentials").
 *   A request from any other origin gets 403.
 * - Authentication, one of:
 *   - `Authorization: Bearer <token>`, compared in constant time with the configured token (the
 *     CLI sends it with `--codec-auth`, or better TEMPORAL_CODEC_AUTH in its environment, which no
 *     process list shows), or checked by a verifier function, such as the OIDC access token check
 *     of ./oidc-verifier.ts for a Web UI with sign-in and `codec.passAccessToken: true` (the UI
 *     passes the token to https endpoints only).
 *   - `originIsCredential`, for a Web UI that has no sign-in and so nothing to pass (the dev
 *     server's, on loopback): a request from an allowed origin is served without a token, and a
 *     request without an Origin is refused. Nothing secret then sits in the UI's settings, which
 *     anyone who reaches the UI can read.
 *   The token never travels in a URL: URLs end up in settings pages, logs and process lists.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PayloadCodec } from '@temporalio/common';
import { JSONToPayload, payloadToJSON, type JSONPayload } from '@temporalio/common/lib/proto-utils';
import { z } from 'zod';

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** Exact origins allowed to call from a browser, e.g. ['http://localhost:8233']. */
  allowedOrigins: string[];
  /** The bearer token, or a verifier of the presented token (e.g. an OIDC access token check). Required unless originIsCredential. */
  token?: string | ((presented: string) => boolean | Promise<boolean>);
  /** Serve requests from allowedOrigins without a token, and refuse any without an Origin (a Web UI without sign-in, on loopback). */
  originIsCredential?: boolean;
  /** Namespaces the X-Namespace header may name; any when absent. */
  namespaces?: string[];
  /** Largest request body, bytes. Default 8 MiB. */
  maxBodyBytes?: number;
  /** Called once per answered request, without payload contents. */
  onRequest?: (entry: { method: string; action: string | undefined; status: number; payloads?: number; namespace?: string; error?: string }) => void;
}

// What the Web UI sends (Authorization-Extras accompanies a passed access token).
const ALLOWED_HEADERS = 'Authorization, Authorization-Extras, Content-Type, X-Namespace';
const DEFAULT_MAX_BODY = 8 * 1024 * 1024;

const bodySchema = z.object({
  payloads: z.array(
    z.object({
      metadata: z.record(z.string(), z.string()).nullish(),
      data: z.string().nullish(),
    }),
  ),
});

/** Equal-length digests, so the comparison takes the same time whatever the presented token. */
export function tokensMatch(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && expected.length > 0;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return; // drained, not kept
      size += chunk.length;
      if (size > limit) {
        over = true;
        reject(new HttpError(413, `request body over ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The shortest bearer token the codec server accepts: it guards every decrypted payload. */
export const CODEC_TOKEN_MIN_LENGTH = 16;

/** The node:http request listener: `http.createServer(createCodecServerHandler({...}))`. */
export function createCodecServerHandler(options: CodecServerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  if (typeof options.token === 'string' && options.token.length < CODEC_TOKEN_MIN_LENGTH) {
    throw new Error(`codec server token must be at least ${CODEC_TOKEN_MIN_LENGTH} characters`);
  }
  if (options.token === undefined && !options.originIsCredential) {
    throw new Error('codec server needs a token or a token verifier (or originIsCredential for a Web UI without sign-in)');
  }
  const origins = new Set(options.allowedOrigins);
  const namespaces = options.namespaces ? new Set(options.namespaces) : undefined;
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY;

  const verify = async (presented: string | undefined): Promise<boolean> => {
    if (!presented || options.token === undefined) return false;
    if (typeof options.token === 'string') return tokensMatch(presented, options.token);
    try {
      return await options.token(presented);
    } catch {
      return false;
    }
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<{ status: number; action?: string; payloads?: number; namespace?: string }> {
    const url = new URL(req.url ?? '/', 'http://codec.invalid');
    const segments = url.pathname.split('/').filter(Boolean);
    const last = segments[segments.length - 1];
    const action = last === 'encode' || last === 'decode' ? last : undefined;
    const origin = req.headers.origin;

    // CORS: only the configured origins; requests without Origin (CLI, SDKs) are not browsers,
    // and are not served at all where the UI's origin is the credential.
    if (origin === undefined && options.originIsCredential) throw new HttpError(403, 'only the Temporal Web UI may call this codec server');
    if (origin !== undefined) {
      if (!origins.has(origin)) throw new HttpError(403, 'origin not allowed');
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      res.setHeader('Access-Control-Max-Age', '600');
      res.writeHead(204).end();
      return { status: 204, ...(action ? { action } : {}) };
    }
    if (!action) throw new HttpError(404, 'not found: POST …/encode or …/decode');
    if (req.method !== 'POST') throw new HttpError(405, 'method not allowed', { Allow: 'POST, OPTIONS' });

    const auth = req.headers.authorization;
    const bearer = auth && /^Bearer\s+/i.test(auth) ? auth.replace(/^Bearer\s+/i, '').trim() : undefined;
    // Here an Origin is present and allowed (checked above).
    const byOrigin = options.originIsCredential === true && origin !== undefined;
    if (!byOrigin && !(await verify(bearer))) {
      throw new HttpError(401, 'a valid bearer token is required', { 'WWW-Authenticate': 'Bearer realm="codec"' });
    }

    const namespaceHeader = req.headers['x-namespace'];
    const namespace = Array.isArray(namespaceHeader) ? namespaceHeader[0] : namespaceHeader;
    if (namespaces && (!namespace || !namespaces.has(namespace))) throw new HttpError(403, 'namespace not served here');

    const type = req.headers['content-type'];
    if (type && !/^application\/json\b/i.test(type)) throw new HttpError(415, 'content-type must be application/json');
    let json: unknown;
    try {
      json = JSON.parse(await readBody(req, limit));
    } catch (err) {
      if (err instanceof HttpError) throw err;
      throw new HttpError(400, 'body is not JSON');
    }
    const parsed = bodySchema.safeParse(json);
    if (!parsed.success) throw new HttpError(400, 'body must be { "payloads": [ { "metadata": { … }, "data": "<base64>" } ] }');
    let payloads;
    try {
      payloads = parsed.data.payloads.map((p) => JSONToPayload(p as JSONPayload));
    } catch {
      throw new HttpError(400, 'a payload is not valid proto3 JSON (metadata values and data must be base64)');
    }
    let out;
    try {
      out = action === 'encode' ? await options.codec.encode(payloads) : await options.codec.decode(payloads);
    } catch (err) {
      // Codec errors name key ids and what failed, never payload contents.
      throw new HttpError(400, (err as Error).message);
    }
    const body = JSON.stringify({ payloads: out.map((p) => payloadToJSON(p)) });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(body);
    return { status: 200, action, payloads: out.length, ...(namespace ? { namespace } : {}) };
  }

  return (req, res) => {
    handle(req, res).then(
      (entry) => options.onRequest?.({ method: req.method ?? '', action: undefined, ...entry }),
      (err: unknown) => {
        const status = err instanceof HttpError ? err.status : 500;
        const message = err instanceof HttpError ? err.message : 'internal error';
        if (!res.headersSent) {
          res.writeHead(status, { 'Content-Type': 'application/json', ...(err instanceof HttpError ? err.headers : {}) });
          res.end(JSON.stringify({ error: message }));
        } else {
          res.end();
        }
        options.onRequest?.({ method: req.method ?? '', action: undefined, status, error: message });
      },
    );
  };
}
