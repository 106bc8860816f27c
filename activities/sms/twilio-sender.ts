/**
 * SMS through Twilio: the only file that imports the `twilio` package.
 *
 * `createTwilioSender({ accountSid, authToken, from | messagingServiceSid, statusCallbackBaseUrl?,
 * apiBaseUrl?, timeoutMs? })` returns an `SmsSender`:
 * - `send` calls `client.messages.create({ to, body, messagingServiceSid | from, statusCallback })`.
 *   With a messaging service SID it sends through the service (From is then the service's choice),
 *   otherwise from `from`. `statusCallback` is `${statusCallbackBaseUrl}/webhooks/twilio/status
 *   ?wf=<workflowId>&step=<step>&channel=sms`: ids only, no personal data.
 * - `findSent` lists the Messages to that number (and from `from`) sent on or after the day of the
 *   first attempt (`DateSent>=`), and matches the body exactly (and the messaging service, when one
 *   is used). A message Twilio has accepted but not sent yet has no DateSent, so when that finds
 *   nothing it also looks at the most recent messages to the number created since that day.
 * - `apiBaseUrl` (e.g. `http://127.0.0.1:PORT`) points the real twilio package at another host:
 *   a `RequestClient` subclass, passed as Twilio's supported `httpClient` option, rewrites
 *   `https://*.twilio.com` in each request URI. For tests and local stand-ins only.
 *
 * Errors become ApplicationFailures (see `twilioFailure`): 21211 SmsInvalidNumber, 21614
 * SmsNotMobile, 21610 SmsUnsubscribed, other 4xx SmsRejected (all non-retryable); 429/20429, 5xx,
 * 401 (credentials: fixable without changing the send) and network errors are retryable. Messages
 * carry Twilio's code, status and redacted text, never the phone number.
 */
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type TwilioResponse from 'twilio/lib/http/response';
import { errorCode, NETWORK_ERROR_CODES, permanentFailure, redact, transientFailure } from '../errors';
import { PERMANENT_FAILURE, TRANSIENT_FAILURE } from '../types';
import type { SmsSender } from './port';
import type { ApplicationFailure } from '@temporalio/common';

/** One Twilio account (the platform's, or a clinic's sub-account) and how to reach its API. */
export interface TwilioAccount {
  accountSid: string;
  authToken: string;
  /** Another API host instead of https://api.twilio.com (tests, local stand-ins). */
  apiBaseUrl?: string;
  /** Per-request timeout; default 15 s, well inside the activity's start-to-close timeout. */
  timeoutMs?: number;
}

export type TwilioClient = ReturnType<typeof twilio>;

export interface TwilioSenderOptions extends TwilioAccount {
  /** TWILIO_FROM: the sending number (E.164). */
  from?: string;
  /** TWILIO_MESSAGING_SERVICE_SID: preferred over `from` when both are given. */
  messagingServiceSid?: string;
  /** PUBLIC_BASE_URL: where Twilio posts delivery status callbacks. */
  statusCallbackBaseUrl?: string;
  /** A client of this account made earlier (createTwilioClient), shared by its senders. */
  client?: TwilioClient;
}

const TWILIO_HOST = /^https:\/\/[a-z0-9.-]*twilio\.com(?=[/?]|$)/i;

/** Twilio's RequestClient with every `https://*.twilio.com` URI rewritten to `baseUrl`. */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string,
    opts: RequestClient.RequestClientOptions,
  ) {
    super(opts);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<TwilioResponse<TData>> {
    return super.request<TData>({ ...opts, uri: opts.uri.replace(TWILIO_HOST, this.baseUrl) });
  }
}

/** The status callback URL of one send, or undefined without a base URL. */
export function statusCallbackUrl(baseUrl: string | undefined, ref: { workflowId: string; step: string } | undefined): string | undefined {
  if (!baseUrl) return undefined;
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/webhooks/twilio/status`);
  if (ref) {
    url.searchParams.set('wf', ref.workflowId);
    url.searchParams.set('step', ref.step);
    url.searchParams.set('channel', 'sms');
  }
  return url.toString();
}

function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/** A client of one account, with its own HTTP client (and keep-alive connections). */
export function createTwilioClient(account: TwilioAccount): TwilioClient {
  const requestOptions: RequestClient.RequestClientOptions = { timeout: account.timeoutMs ?? 15_000, autoRetry: false };
  const httpClient = account.apiBaseUrl
    ? new RebasedRequestClient(account.apiBaseUrl.replace(/\/+$/, ''), requestOptions)
    : new twilio.RequestClient(requestOptions);
  return twilio(account.accountSid, account.authToken, { httpClient, autoRetry: false });
}

export function createTwilioSender(opts: TwilioSenderOptions): SmsSender {
  if (!opts.from && !opts.messagingServiceSid) {
    throw new Error('createTwilioSender: set `from` (TWILIO_FROM) or `messagingServiceSid` (TWILIO_MESSAGING_SERVICE_SID)');
  }
  const client = opts.client ?? createTwilioClient(opts);
  const sender = opts.messagingServiceSid ? { messagingServiceSid: opts.messagingServiceSid } : { from: opts.from as string };

  const matches = (m: { body: string; messagingServiceSid: string | null; direction: string }, body: string) =>
    m.body === body &&
    m.direction.startsWith('outbound') &&
    (!opts.messagingServiceSid || m.messagingServiceSid === opts.messagingServiceSid);

  return {
    async send({ to, body, ref }) {
      const statusCallback = statusCallbackUrl(opts.statusCallbackBaseUrl, ref);
      try {
        const message = await client.messages.create({ to, body, ...sender, ...(statusCallback ? { statusCallback } : {}) });
        return { providerId: message.sid };
      } catch (err) {
        throw twilioFailure(err, 'send');
      }
    },

    async findSent({ to, body, since }) {
      const day = startOfUtcDay(since);
      const filter = { to, ...(opts.messagingServiceSid ? {} : { from: opts.from as string }) };
      try {
        const sentSince = await client.messages.list({ ...filter, dateSentAfter: day, limit: 200 });
        let hit = sentSince.find((m) => matches(m, body));
        if (!hit) {
          // Accepted but not yet sent (queued, scheduled): no DateSent yet. Newest first.
          const recent = await client.messages.list({ ...filter, limit: 50 });
          hit = recent.find((m) => matches(m, body) && m.dateCreated instanceof Date && m.dateCreated >= day);
        }
        return hit ? { providerId: hit.sid } : undefined;
      } catch (err) {
        throw twilioFailure(err, 'lookup');
      }
    },
  };
}

interface TwilioErrorLike {
  status: number;
  code?: number;
  message?: string;
}

function isTwilioRestError(err: unknown): err is TwilioErrorLike {
  return typeof err === 'object' && err !== null && typeof (err as { status?: unknown }).status === 'number';
}

/** Maps an error from the twilio package to an ApplicationFailure without personal data. */
export function twilioFailure(err: unknown, what: 'send' | 'lookup'): ApplicationFailure {
  const action = what === 'send' ? 'Twilio did not accept the SMS' : 'Twilio message lookup failed';
  if (isTwilioRestError(err)) {
    const { status, code } = err;
    const text = err.message ? `: ${redact(err.message)}` : '';
    const summary = `${action} (HTTP ${status}${code !== undefined ? `, Twilio error ${code}` : ''})${text}`;
    const details = { httpStatus: status, twilioCode: code ?? null };
    if (code === 21211) return permanentFailure(PERMANENT_FAILURE.smsInvalidNumber, summary, details);
    if (code === 21614) return permanentFailure(PERMANENT_FAILURE.smsNotMobile, summary, details);
    if (code === 21610) return permanentFailure(PERMANENT_FAILURE.smsUnsubscribed, summary, details);
    if (status === 429 || code === 20429) return transientFailure(TRANSIENT_FAILURE.smsRateLimited, summary, details);
    if (status >= 500) return transientFailure(TRANSIENT_FAILURE.smsProviderError, summary, details);
    if (status === 401) return transientFailure(TRANSIENT_FAILURE.smsProviderAuth, `${summary} (check TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN)`, details);
    if (status >= 400) return permanentFailure(PERMANENT_FAILURE.smsRejected, summary, details);
    return transientFailure(TRANSIENT_FAILURE.smsProviderError, summary, details);
  }
  const code = errorCode(err);
  if (code && NETWORK_ERROR_CODES.has(code)) {
    return transientFailure(TRANSIENT_FAILURE.smsUnreachable, `${action}: Twilio API unreachable (${code})`, { networkCode: code });
  }
  // Anything else (an unexpected exception in the client): retry, and say what kind it was only.
  const kind = err instanceof Error ? err.name : typeof err;
  return transientFailure(TRANSIENT_FAILURE.smsUnreachable, `${action}: ${kind}${code ? ` (${code})` : ''}`, code ? { networkCode: code } : undefined);
}
