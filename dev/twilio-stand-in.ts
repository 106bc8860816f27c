/**
 * A local stand-in for Twilio's Messages API, for tests: the real `twilio` package talks HTTP to it
 * (`createTwilioSender({ ..., apiBaseUrl: standIn.baseUrl })`).
 *
 * ```ts
 * const twilio = await startTwilioStandIn();
 * const sms = createTwilioSender({ accountSid: twilio.accountSid, authToken: twilio.authToken,
 *   from: '+13125559999', apiBaseUrl: twilio.baseUrl });
 * ...
 * twilio.messages;            // every message it accepted: { sid, accountSid, to, from, body, messagingServiceSid, statusCallback, dateCreated }
 * const sub = twilio.addAccount(); // a sub-account: { accountSid, authToken } of its own
 * twilio.requests;            // every create attempt, accepted or not: { to, from, body, messagingServiceSid, statusCallback, status, code? }
 * twilio.failNext(2, { status: 500, code: 20500, message: 'Internal error' });   // the next 2 creates fail
 * twilio.failFor('+12125550021', { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." }); // always, for that number
 * twilio.setOutage({ status: 503, count: 3 }); // the next 3 requests of any kind (create or list) fail
 * twilio.outageFor(10_000, [500, 429]); // for 10 s, every request fails: 500, 429, 500, ... in turn
 * twilio.failures;            // how many answers were injected failures so far (outages, failNext, failFor)
 * twilio.reset();             // forget messages, requests and injected failures
 * await twilio.close();
 * ```
 *
 * Implements, on 127.0.0.1 and a free port:
 * - `POST /2010-04-01/Accounts/:AccountSid/Messages.json` (form-encoded To, Body, From or
 *   MessagingServiceSid, StatusCallback): checks HTTP Basic auth (that account's SID + token), answers
 *   201 with Twilio's message JSON (sid `SM` + 32 hex; status `queued` with a date_sent, or, through
 *   a messaging service without From, `accepted` with date_sent null, as Twilio does).
 * - `GET` of the same path: Twilio's paging JSON (`messages`, `next_page_uri`, ...), newest first,
 *   with the `To`, `From`, `DateSent`, `DateSent>` (on or after) and `DateSent<` (on or before)
 *   filters and `PageSize`/`Page`, so the twilio package's `messages.list()` works.
 * Errors are Twilio-shaped: `{ code, message, more_info, status }`.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInMessage {
  sid: string;
  /** The account (main or sub-account) it was sent through. */
  accountSid: string;
  to: string;
  from?: string;
  body: string;
  messagingServiceSid?: string;
  statusCallback?: string;
  dateCreated: Date;
  /** Unset while "accepted" by a messaging service (not sent yet), as at Twilio. */
  dateSent?: Date;
}

export interface StandInRequest {
  to: string;
  from?: string;
  body: string;
  messagingServiceSid?: string;
  statusCallback?: string;
  /** The HTTP status the stand-in answered. */
  status: number;
  /** Twilio error code, when it failed. */
  code?: number;
}

export interface TwilioError {
  status: number;
  code?: number;
  message?: string;
}

export interface TwilioStandIn {
  /** `http://127.0.0.1:PORT`, for `apiBaseUrl`. */
  baseUrl: string;
  accountSid: string;
  authToken: string;
  /** Another account (a clinic's sub-account) with credentials of its own; kept across reset(). */
  addAccount(): { accountSid: string; authToken: string };
  messages: StandInMessage[];
  requests: StandInRequest[];
  /** The next `n` message creates fail with `error`. */
  failNext(n: number, error: TwilioError): void;
  /** Every create to `to` fails with `error` (a permanent per-number error), until `reset()`. */
  failFor(to: string, error: TwilioError): void;
  /** The next `count` requests of any kind (create and list) fail with `status` (500, 503, 429...). */
  setOutage(outage: { status: number; count: number; code?: number }): void;
  /** For `ms` from now, every request of any kind fails, taking `statuses` in turn (e.g. [500, 429]). */
  outageFor(ms: number, statuses: number[]): void;
  /** Answers that were injected failures so far (outages, failNext, failFor), until `reset()`. */
  readonly failures: number;
  reset(): void;
  close(): Promise<void>;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** RFC 2822 date, as Twilio formats its dates. */
function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

function defaultCode(status: number): number {
  if (status === 429) return 20429;
  if (status === 401) return 20003;
  if (status === 404) return 20404;
  if (status >= 500) return 20500;
  return 21000;
}

/** A DateSent filter value: `YYYY-MM-DD` (a whole day) or an ISO date-time. */
function parseDateFilter(value: string): { start: Date; endOfDay: Date } | undefined {
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const start = new Date(dayOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(start.getTime())) return undefined;
  const endOfDay = dayOnly ? new Date(start.getTime() + 86_400_000 - 1) : start;
  return { start, endOfDay };
}

export async function startTwilioStandIn(): Promise<TwilioStandIn> {
  const accountSid = `AC${hex(16)}`;
  const authToken = hex(16);
  const messages: StandInMessage[] = [];
  const requests: StandInRequest[] = [];
  let nextFailures: { remaining: number; error: TwilioError } | undefined;
  const perNumber = new Map<string, TwilioError>();
  let outage: { remaining: number; status: number; code?: number } | undefined;
  let timedOutage: { until: number; statuses: number[]; next: number } | undefined;
  let failures = 0;

  const accounts = new Map([[accountSid, authToken]]);
  const messagesPath = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/;

  const sendJson = (res: http.ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  };
  const sendError = (res: http.ServerResponse, error: TwilioError) => {
    const code = error.code ?? defaultCode(error.status);
    sendJson(res, error.status, {
      code,
      message: error.message ?? `Stand-in error ${code}`,
      more_info: `https://www.twilio.com/docs/errors/${code}`,
      status: error.status,
    });
  };

  const toJson = (m: StandInMessage) => ({
    account_sid: m.accountSid,
    api_version: '2010-04-01',
    body: m.body,
    date_created: rfc2822(m.dateCreated),
    date_sent: m.dateSent ? rfc2822(m.dateSent) : null,
    date_updated: rfc2822(m.dateCreated),
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    from: m.from ?? null,
    messaging_service_sid: m.messagingServiceSid ?? null,
    num_media: '0',
    num_segments: '1',
    price: null,
    price_unit: 'USD',
    sid: m.sid,
    status: m.messagingServiceSid && !m.from ? 'accepted' : 'queued',
    subresource_uris: { media: `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}/Media.json` },
    to: m.to,
    uri: `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}.json`,
  });

  const create = (res: http.ServerResponse, account: string, form: URLSearchParams) => {
    const to = form.get('To') ?? '';
    const body = form.get('Body') ?? '';
    const from = form.get('From') ?? undefined;
    const messagingServiceSid = form.get('MessagingServiceSid') ?? undefined;
    const statusCallback = form.get('StatusCallback') ?? undefined;
    const request: StandInRequest = {
      to,
      body,
      status: 201,
      ...(from ? { from } : {}),
      ...(messagingServiceSid ? { messagingServiceSid } : {}),
      ...(statusCallback ? { statusCallback } : {}),
    };
    requests.push(request);
    const fail = (error: TwilioError) => {
      request.status = error.status;
      request.code = error.code ?? defaultCode(error.status);
      sendError(res, error);
    };

    if (!to) return fail({ status: 400, code: 21604, message: "A 'To' phone number is required." });
    if (!body) return fail({ status: 400, code: 21602, message: 'Message body is required.' });
    if (!from && !messagingServiceSid) return fail({ status: 400, code: 21603, message: "A 'From' phone number is required." });
    const permanent = perNumber.get(to);
    if (permanent) {
      failures += 1;
      return fail(permanent);
    }
    if (nextFailures && nextFailures.remaining > 0) {
      nextFailures.remaining -= 1;
      failures += 1;
      return fail(nextFailures.error);
    }

    const now = new Date();
    const message: StandInMessage = {
      sid: `SM${hex(16)}`,
      accountSid: account,
      to,
      body,
      dateCreated: now,
      // Sent through a messaging service without a From: 'accepted', no date_sent yet.
      ...(from ? { dateSent: now } : {}),
      ...(from ? { from } : {}),
      ...(messagingServiceSid ? { messagingServiceSid } : {}),
      ...(statusCallback ? { statusCallback } : {}),
    };
    messages.push(message);
    sendJson(res, 201, toJson(message));
  };

  const list = (res: http.ServerResponse, account: string, query: URLSearchParams) => {
    let found = [...messages].reverse().filter((m) => m.accountSid === account); // newest first, as Twilio lists them
    const to = query.get('To');
    const from = query.get('From');
    if (to) found = found.filter((m) => m.to === to);
    if (from) found = found.filter((m) => m.from === from);
    const on = query.get('DateSent');
    const after = query.get('DateSent>');
    const before = query.get('DateSent<');
    type Range = { start: Date; endOfDay: Date };
    // A message with no date_sent (accepted, not sent yet) matches no DateSent filter.
    for (const [value, keep] of [
      [on, (m: StandInMessage, d: Range) => !!m.dateSent && m.dateSent >= d.start && m.dateSent <= d.endOfDay],
      [after, (m: StandInMessage, d: Range) => !!m.dateSent && m.dateSent >= d.start],
      [before, (m: StandInMessage, d: Range) => !!m.dateSent && m.dateSent <= d.endOfDay],
    ] as const) {
      if (!value) continue;
      const d = parseDateFilter(value);
      if (!d) return sendError(res, { status: 400, code: 20001, message: `Invalid date filter` });
      found = found.filter((m) => keep(m, d));
    }
    const pageSize = Math.min(Math.max(Number(query.get('PageSize') ?? 50) || 50, 1), 1000);
    const page = Math.max(Number(query.get('Page') ?? 0) || 0, 0);
    const slice = found.slice(page * pageSize, (page + 1) * pageSize);
    const pageUri = (p: number) => {
      const q = new URLSearchParams(query);
      q.set('PageSize', String(pageSize));
      q.set('Page', String(p));
      if (p > 0) q.set('PageToken', `PT${p}`);
      else q.delete('PageToken');
      return `/2010-04-01/Accounts/${account}/Messages.json?${q.toString()}`;
    };
    const hasNext = (page + 1) * pageSize < found.length;
    sendJson(res, 200, {
      messages: slice.map(toJson),
      uri: pageUri(page),
      first_page_uri: pageUri(0),
      next_page_uri: hasNext ? pageUri(page + 1) : null,
      previous_page_uri: page > 0 ? pageUri(page - 1) : null,
      page,
      page_size: pageSize,
      start: page * pageSize,
      end: page * pageSize + Math.max(slice.length - 1, 0),
    });
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const account = messagesPath.exec(url.pathname)?.[1];
      const token = account ? accounts.get(account) : undefined;
      const expected = token ? `Basic ${Buffer.from(`${account}:${token}`).toString('base64')}` : undefined;
      if (account && (!expected || req.headers.authorization !== expected)) {
        return sendError(res, { status: 401, code: 20003, message: 'Authenticate' });
      }
      if (outage && outage.remaining > 0) {
        outage.remaining -= 1;
        failures += 1;
        return sendError(res, { status: outage.status, ...(outage.code !== undefined ? { code: outage.code } : {}), message: 'Service unavailable (stand-in outage)' });
      }
      if (timedOutage && Date.now() < timedOutage.until) {
        const status = timedOutage.statuses[timedOutage.next++ % timedOutage.statuses.length] ?? 503;
        failures += 1;
        return sendError(res, { status, message: status === 429 ? 'Too Many Requests (stand-in outage)' : 'Service unavailable (stand-in outage)' });
      }
      if (!account) {
        return sendError(res, { status: 404, code: 20404, message: 'The requested resource was not found' });
      }
      if (req.method === 'POST') return create(res, account, new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      if (req.method === 'GET') return list(res, account, url.searchParams);
      return sendError(res, { status: 405, code: 20004, message: 'Method not allowed' });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    addAccount() {
      const sub = { accountSid: `AC${hex(16)}`, authToken: hex(16) };
      accounts.set(sub.accountSid, sub.authToken);
      return sub;
    },
    messages,
    requests,
    failNext(n, error) {
      nextFailures = { remaining: n, error };
    },
    failFor(to, error) {
      perNumber.set(to, error);
    },
    setOutage({ status, count, code }) {
      outage = { remaining: count, status, ...(code !== undefined ? { code } : {}) };
    },
    outageFor(ms, statuses) {
      if (statuses.length === 0) throw new Error('outageFor: give at least one HTTP status');
      timedOutage = { until: Date.now() + ms, statuses: [...statuses], next: 0 };
    },
    get failures() {
      return failures;
    },
    reset() {
      messages.length = 0;
      requests.length = 0;
      nextFailures = undefined;
      outage = undefined;
      timedOutage = undefined;
      failures = 0;
      perNumber.clear();
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
