/**
 * Pretends to be Twilio delivering a client's text to the inbound webhook, signed exactly as
 * Twilio signs it, and prints the answer:
 *
 *   node bin/run.js examples/send-inbound-sms.ts --from +12125554477 --body STOP
 *   npm run send-inbound-sms -- --from +12125554477 --body HELP      (with the npm script)
 *
 * Options: --from <E.164> (required), --body <text> (required), --to <E.164> (the clinic's Twilio
 * number; default TWILIO_FROM or +13125559999), --sid <MessageSid> (default a new random one),
 * --idempotency-token <t> (default a new random one: pass the same one twice to see a retry
 * answered without doing anything again), --target <http://host:port> (where to post; default
 * http://localhost:PORT), --media <file> (a picture sent with the text, as an MMS: served from a
 * file server on 127.0.0.1 for the worker's photo intake to fetch; repeat it for several; the
 * command waits, at most a minute, until each is fetched).
 *
 * The signature is Twilio's: base64(HMAC-SHA1(token, URL + each parameter name and value, sorted
 * by name)), where URL is PUBLIC_BASE_URL + /webhooks/twilio/inbound (PUBLIC_BASE_URL defaults to
 * the target, as in the local stack) and the token is TWILIO_AUTH_TOKEN, or the local stack's
 * TWILIO_WEBHOOK_AUTH_TOKEN. Both are read from the environment, then from .env.local, which
 * `npm start` writes.
 */
import { phoneNumberProblem } from '../domain/phone';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { withEnvLocal } from '../platform/env-file';
import { serveMediaFiles } from './media-file-server';

/** X-Twilio-Signature for a form-encoded POST to `url` with `params`. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

class UsageError extends Error {}

export interface InboundSmsOptions {
  from: string;
  body: string;
  to?: string;
  sid?: string;
  idempotencyToken?: string;
  target?: string;
  /** Pictures sent with the text (an MMS): where Twilio would keep them, and their type. */
  media?: { url: string; contentType: string }[];
}

/** Posts one signed inbound SMS; returns the webhook's answer. */
export async function sendInboundSms(
  options: InboundSmsOptions,
  env: NodeJS.ProcessEnv = withEnvLocal(process.env),
): Promise<{ status: number; contentType: string; body: string }> {
  const token = env.TWILIO_AUTH_TOKEN?.trim() || env.TWILIO_WEBHOOK_AUTH_TOKEN?.trim();
  if (!token) {
    throw new UsageError('no TWILIO_AUTH_TOKEN or TWILIO_WEBHOOK_AUTH_TOKEN in the environment or .env.local: run `npm start` once, or set one');
  }
  const target = (options.target ?? `http://localhost:${env.PORT?.trim() || '3000'}`).replace(/\/+$/, '');
  const publicBase = (env.PUBLIC_BASE_URL?.trim() || target).replace(/\/+$/, '');
  const path = '/webhooks/twilio/inbound';
  const params: Record<string, string> = {
    AccountSid: env.TWILIO_ACCOUNT_SID?.trim() || `AC${'0'.repeat(32)}`,
    ApiVersion: '2010-04-01',
    Body: options.body,
    From: options.from,
    MessageSid: options.sid ?? `SM${randomBytes(16).toString('hex')}`,
    NumMedia: String(options.media?.length ?? 0),
    ...Object.fromEntries((options.media ?? []).flatMap((m, i) => [[`MediaUrl${i}`, m.url], [`MediaContentType${i}`, m.contentType]])),
    NumSegments: '1',
    SmsStatus: 'received',
    To: options.to ?? (env.TWILIO_FROM?.trim() || '+13125559999'),
  };
  const res = await fetch(`${target}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilioSignature(token, `${publicBase}${path}`, params),
      'i-twilio-idempotency-token': options.idempotencyToken ?? randomBytes(16).toString('hex'),
    },
    body: new URLSearchParams(params).toString(),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        from: { type: 'string' },
        body: { type: 'string' },
        to: { type: 'string' },
        sid: { type: 'string' },
        'idempotency-token': { type: 'string' },
        target: { type: 'string' },
        media: { type: 'string', multiple: true },
      },
      strict: true,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (!values.from) throw new UsageError('--from is required: the client\'s number in E.164 form, for example +12125554477');
  const fromProblem = phoneNumberProblem(values.from);
  if (fromProblem) throw new UsageError(`--from ${fromProblem}`);
  if (values.body === undefined) throw new UsageError('--body is required: the text, for example STOP, HELP, BOOK or a question');
  if (values.target !== undefined && !/^https?:\/\/[^\s/]+/.test(values.target)) throw new UsageError('--target must be an http(s):// address, for example http://localhost:3000');
  const media = values.media ?? [];
  for (const file of media) if (!existsSync(file)) throw new UsageError(`--media ${file}: no such file`);
  // The pictures are served from loopback until the worker has fetched them (the local stack allows loopback media).
  const server = media.length > 0 ? await serveMediaFiles(media) : undefined;
  try {
    const ok = await sendAndDescribe(values, server?.files);
    if (server && ok) {
      process.stdout.write(`Waiting for the worker to fetch ${media.length} picture(s)...\n`);
      await server.fetched(MEDIA_WAIT_MS);
      process.stdout.write('Fetched: the photo shows in the client\'s timeline once the worker has checked and kept it.\n');
    }
  } finally {
    await server?.close();
  }
}

/** How long the command serves its pictures for the worker to fetch. */
const MEDIA_WAIT_MS = 60_000;

async function sendAndDescribe(
  values: { from?: string; body?: string; to?: string; sid?: string; 'idempotency-token'?: string; target?: string },
  media: { url: string; contentType: string }[] | undefined,
): Promise<boolean> {
  const answer = await sendInboundSms({
    from: values.from!,
    body: values.body!,
    ...(media ? { media } : {}),
    ...(values.to ? { to: values.to } : {}),
    ...(values.sid ? { sid: values.sid } : {}),
    ...(values['idempotency-token'] ? { idempotencyToken: values['idempotency-token'] } : {}),
    ...(values.target ? { target: values.target } : {}),
  });
  process.stdout.write(describeAnswer(answer));
  if (answer.status >= 400) process.exitCode = 1;
  return answer.status < 400;
}

const XML_ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'", '&amp;': '&' };

/** The texts a TwiML answer sends back to the client, in words ([] for an empty `<Response/>`). */
export function twimlMessages(body: string): string[] {
  return [...body.matchAll(/<Message(?:\s[^>]*)?>([\s\S]*?)<\/Message>/g)].map((m) => m[1]!.replace(/&(lt|gt|quot|apos|amp);/g, (e) => XML_ENTITIES[e]!));
}

/** What the command prints: the status, what the client is texted back (readably), then the raw answer. */
export function describeAnswer(answer: { status: number; contentType: string; body: string }): string {
  const lines = [`HTTP ${answer.status} (${answer.contentType})`];
  if (answer.contentType.includes('xml')) {
    const messages = twimlMessages(answer.body);
    if (messages.length === 0) lines.push('Texted back to the client: nothing (empty TwiML).');
    for (const message of messages) lines.push('Texted back to the client:', ...message.split('\n').map((l) => `  ${l}`));
    lines.push('', 'TwiML as Twilio gets it:');
  }
  lines.push(answer.body);
  return `${lines.join('\n')}\n`;
}

if (require.main === module) {
  main().catch((err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`send-inbound-sms: ${err.message}\n`);
      process.exit(2);
    }
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    process.stderr.write(`send-inbound-sms: could not post the webhook (${cause ?? (err as Error).message}). Is the local stack running (npm start)?\n`);
    process.exit(1);
  });
}
