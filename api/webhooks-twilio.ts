/**
 * `/webhooks/twilio/...`: what Twilio posts to us (form-encoded), each request checked with the
 * `twilio` package's `validateRequest` against `PUBLIC_BASE_URL` + the path and query string as
 * received (403 when the X-Twilio-Signature does not match).
 *
 * - Signing token: TWILIO_AUTH_TOKEN, or TWILIO_WEBHOOK_AUTH_TOKEN while TWILIO_AUTH_TOKEN is unset
 *   (the local stack's stand-in). Neither set, or PUBLIC_BASE_URL unset: 503 saying which to set,
 *   since a signature cannot be checked without them. The local stack sets PUBLIC_BASE_URL to
 *   http://localhost:PORT when it is not given.
 * - Retries: answers are remembered by `I-Twilio-Idempotency-Token` (IdempotencyCache, in memory);
 *   a retried delivery gets the same answer and changes nothing.
 *
 * `POST /inbound`, a client's text, matched to the client's running workflows through the
 * PhoneHash search attribute (phoneHash(From, PHONE_HASH_KEY)):
 * - STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPTOUT: `optOut { channel: 'sms' }` to
 *   every running workflow of that phone; START, UNSTOP: `optIn { channel: 'sms' }`.
 * - HELP (or INFO): a TwiML reply with the clinic's name and phone (newest running workflow).
 * - BOOK, YES: `clientReply { kind: 'wants-to-book' }` to the newest running workflow; any other
 *   text: `clientReply { kind: 'message', text }`. The workflow emails the clinic, once per
 *   MessageSid.
 * Keywords are matched in any case with surrounding spaces and punctuation ignored ("Stop." is
 * STOP, "stop texting me" is a message). The answer is empty TwiML (`<Response/>`) except for HELP;
 * an unknown number gets empty TwiML and nothing else happens.
 *
 * `POST /status?wf=&step=&channel=sms`, delivery status callbacks (the URL the Twilio sender gives
 * each message): MessageStatus delivered/undelivered/failed becomes
 * `deliveryStatus { step, channel: 'sms', status, detail: ErrorCode }` for workflow `wf`; other
 * statuses (queued, sent, ...) are ignored. 200 with empty TwiML, also when the workflow is gone.
 *
 * Logs name the action, the request id and workflow IDs; never the number, the hash or the text.
 */
import { WorkflowNotFoundError, type Client, type WorkflowExecutionInfo } from '@temporalio/client';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import twilio from 'twilio';
import { phoneHash } from '../app/phone-hash';
import { STEP_IDS, type StepId } from '../domain/steps';
import {
  clientReplySignal,
  deliveryStatusSignal,
  optInSignal,
  optOutSignal,
  SEARCH_ATTRIBUTES,
  statusQuery,
  WORKFLOW_TYPE,
} from '../workflows/contract';
import { HttpError } from './errors';
import type { CachedAnswer } from './idempotency';
import { WORKFLOW_ID } from '../domain/identifiers';
import type { ApiContext } from './server';

export const STOP_WORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'] as const;
export const START_WORDS = ['START', 'UNSTOP'] as const;
export const HELP_WORDS = ['HELP', 'INFO'] as const;
export const BOOK_WORDS = ['BOOK', 'YES'] as const;

/** Longest client text forwarded to the clinic (Twilio's own limit for one message body). */
const MAX_FORWARDED_TEXT = 1600;

type FormParams = Record<string, string | string[]>;

export type InboundIntent = 'opt-out' | 'opt-in' | 'help' | 'wants-to-book' | 'message';

/** The keyword a text is, if it is one: any case, surrounding whitespace and punctuation ignored. */
export function inboundIntent(body: string): InboundIntent {
  const word = body.replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '').toUpperCase();
  const is = (words: readonly string[]) => words.includes(word);
  if (is(STOP_WORDS)) return 'opt-out';
  if (is(START_WORDS)) return 'opt-in';
  if (is(HELP_WORDS)) return 'help';
  if (is(BOOK_WORDS)) return 'wants-to-book';
  return 'message';
}

export function twiml(message?: string): string {
  const response = new twilio.twiml.MessagingResponse();
  if (message) response.message(message);
  return response.toString();
}

const xml = (body: string, statusCode = 200): CachedAnswer => ({ statusCode, contentType: 'text/xml; charset=utf-8', body });

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** URL-encoded form bodies, repeated keys as arrays (validateRequest signs every value). */
function parseForm(text: string): FormParams {
  const out: FormParams = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const existing = out[key];
    out[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

export function twilioWebhookRoutes(ctx: ApiContext) {
  const { config, clinics, logger } = ctx.deps;
  const signingToken = config.TWILIO_AUTH_TOKEN ?? config.TWILIO_WEBHOOK_AUTH_TOKEN;
  const log = (message: string, request: FastifyRequest, fields: Record<string, unknown> = {}) =>
    logger.info(message, { component: 'twilio-webhook', reqId: request.id, ...fields });

  /** Running aftercare workflows of a phone, newest first. */
  async function runningWorkflowsOf(client: Client, phone: string): Promise<WorkflowExecutionInfo[]> {
    const hash = phoneHash(phone, config.PHONE_HASH_KEY!);
    const query = `WorkflowType = '${WORKFLOW_TYPE}' AND ExecutionStatus = 'Running' AND ${SEARCH_ATTRIBUTES.PhoneHash.name} = '${hash}'`;
    const found: WorkflowExecutionInfo[] = [];
    for await (const wf of client.workflow.list({ query })) {
      found.push(wf);
      if (found.length >= 100) break;
    }
    return found.sort((a, b) => b.startTime.getTime() - a.startTime.getTime());
  }

  /** Signals each workflow; one that has ended meanwhile is skipped. Returns the IDs reached. */
  async function signalEach(workflowIds: string[], send: (workflowId: string) => Promise<void>): Promise<string[]> {
    const reached: string[] = [];
    for (const workflowId of workflowIds) {
      try {
        await send(workflowId);
        reached.push(workflowId);
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
    }
    return reached;
  }

  async function helpText(client: Client, wf: WorkflowExecutionInfo): Promise<string> {
    let clinicId = wf.typedSearchAttributes.get(SEARCH_ATTRIBUTES.ClinicId);
    if (!clinicId) clinicId = (await client.workflow.getHandle(wf.workflowId).query(statusQuery)).clinicId;
    const clinic = clinics.get(clinicId);
    const stop = 'Reply STOP to stop these texts, START to get them again.';
    if (!clinic) return `Aftercare texts from your clinic after your treatment. ${stop}`;
    return `${clinic.name}: aftercare texts after your treatment. Questions or to book, call ${clinic.phone}. ${stop}`;
  }

  async function inbound(request: FastifyRequest, params: FormParams): Promise<CachedAnswer> {
    const from = first(params.From)?.trim();
    const body = first(params.Body) ?? '';
    const messageSid = first(params.MessageSid) ?? first(params.SmsMessageSid);
    if (!from) return xml(twiml());
    if (!config.PHONE_HASH_KEY) {
      logger.warn('PHONE_HASH_KEY is not set: an inbound SMS cannot be matched to a client and was ignored', {
        component: 'twilio-webhook',
        reqId: request.id,
      });
      return xml(twiml());
    }
    const intent = inboundIntent(body);
    return ctx.temporal(async (client) => {
      const workflows = await runningWorkflowsOf(client, from);
      if (workflows.length === 0) {
        log('inbound SMS from a number with no running aftercare', request, { intent });
        return xml(twiml());
      }
      const newest = workflows[0]!;
      switch (intent) {
        case 'opt-out':
        case 'opt-in': {
          const signal = intent === 'opt-out' ? optOutSignal : optInSignal;
          const reached = await signalEach(
            workflows.map((wf) => wf.workflowId),
            (id) => client.workflow.getHandle(id).signal(signal, { channel: 'sms' }),
          );
          log(`client ${intent === 'opt-out' ? 'opted out of' : 'opted back in to'} SMS`, request, { intent, workflowIds: reached });
          return xml(twiml());
        }
        case 'help': {
          log('client asked for help', request, { intent, workflowId: newest.workflowId });
          return xml(twiml(await helpText(client, newest)));
        }
        case 'wants-to-book':
        case 'message': {
          if (!messageSid) {
            logger.warn('inbound SMS without MessageSid: not forwarded', { component: 'twilio-webhook', reqId: request.id });
            return xml(twiml());
          }
          const numMedia = Number(first(params.NumMedia) ?? '0') || 0;
          const text = body.trim() || (numMedia > 0 ? `[${numMedia} picture(s) or attachment(s), see Twilio's message log]` : '');
          if (intent === 'message' && !text) return xml(twiml());
          const reached = await signalEach([newest.workflowId], (id) =>
            client.workflow.getHandle(id).signal(
              clientReplySignal,
              intent === 'wants-to-book' ? { kind: 'wants-to-book', messageSid } : { kind: 'message', text: text.slice(0, MAX_FORWARDED_TEXT), messageSid },
            ),
          );
          log('client reply forwarded to the workflow', request, { intent, workflowIds: reached });
          return xml(twiml());
        }
      }
    });
  }

  async function statusCallback(request: FastifyRequest, params: FormParams): Promise<CachedAnswer> {
    const query = request.query as FormParams;
    const workflowId = first(query.wf);
    const step = first(query.step);
    const channel = first(query.channel) ?? 'sms';
    const status = first(params.MessageStatus)?.toLowerCase();
    const errorCode = first(params.ErrorCode)?.trim();
    if (status !== 'delivered' && status !== 'undelivered' && status !== 'failed') return xml(twiml());
    if (!workflowId || !WORKFLOW_ID.test(workflowId) || !step || !(STEP_IDS as readonly string[]).includes(step) || channel !== 'sms') {
      log('status callback without a usable wf/step: ignored', request, { status });
      return xml(twiml());
    }
    return ctx.temporal(async (client) => {
      const reached = await signalEach([workflowId], (id) =>
        client.workflow
          .getHandle(id)
          .signal(deliveryStatusSignal, { step: step as StepId, channel: 'sms', status, ...(errorCode ? { detail: errorCode } : {}) }),
      );
      log(reached.length ? 'delivery status recorded' : 'delivery status for a workflow that is gone: ignored', request, {
        workflowId,
        step,
        status,
        ...(errorCode ? { errorCode } : {}),
      });
      return xml(twiml());
    });
  }

  return async function routes(hooks: FastifyInstance): Promise<void> {
    hooks.removeAllContentTypeParsers();
    hooks.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, text, done) => {
      done(null, parseForm(typeof text === 'string' ? text : text.toString('utf8')));
    });

    hooks.addHook('preHandler', async (request) => {
      if (!config.PUBLIC_BASE_URL) {
        throw new HttpError(503, {
          error: 'not_configured',
          message:
            'PUBLIC_BASE_URL must be set to the address Twilio posts to (for example https://aftercare.example.com): Twilio signs the full URL, so webhooks cannot be checked without it.',
        });
      }
      if (!signingToken) {
        throw new HttpError(503, {
          error: 'not_configured',
          message: 'TWILIO_AUTH_TOKEN must be set: it is the key Twilio signs webhooks with.',
        });
      }
      const signature = request.headers['x-twilio-signature'];
      const params = (request.body ?? {}) as FormParams;
      const url = `${config.PUBLIC_BASE_URL}${request.url}`;
      if (typeof signature !== 'string' || !twilio.validateRequest(signingToken, signature, url, params)) {
        logger.warn('Twilio webhook with a missing or wrong signature refused', { component: 'twilio-webhook', reqId: request.id, route: request.routeOptions.url });
        throw new HttpError(403, { error: 'forbidden', message: 'The X-Twilio-Signature does not match this request.' });
      }
    });

    const answer = (kind: 'inbound' | 'status', handle: (request: FastifyRequest, params: FormParams) => Promise<CachedAnswer>) =>
      async function (request: FastifyRequest, reply: import('fastify').FastifyReply) {
        const params = (request.body ?? {}) as FormParams;
        const token = request.headers['i-twilio-idempotency-token'];
        const work = () => handle(request, params);
        const { answer: result, replayed } =
          typeof token === 'string' && token !== ''
            ? await ctx.idempotency.run(`${kind}:${token.slice(0, 200)}`, work)
            : { answer: await work(), replayed: false };
        if (replayed) log('Twilio retry answered from memory, nothing done again', request, { kind });
        reply.code(result.statusCode).type(result.contentType);
        return result.body;
      };

    hooks.post('/inbound', answer('inbound', inbound));
    hooks.post('/status', answer('status', statusCallback));
  };
}
