/**
 * `/webhooks/twilio/...`: what Twilio posts to us (form-encoded), each request checked with the
 * `twilio` package's `validateRequest` against `PUBLIC_BASE_URL` + the path and query string as
 * received (403 when the X-Twilio-Signature does not match).
 *
 * - Signing token: TWILIO_AUTH_TOKEN, or TWILIO_WEBHOOK_AUTH_TOKEN while TWILIO_AUTH_TOKEN is unset
 *   (the local stack's stand-in); for a clinic's own sub-account (the form's AccountSid), that
 *   account's token (./account-token.ts). Neither set, or PUBLIC_BASE_URL unset: 503 saying which to set,
 *   since a signature cannot be checked without them. The local stack sets PUBLIC_BASE_URL to
 *   http://localhost:PORT when it is not given.
 * - Retries and replays: answers are remembered by `I-Twilio-Idempotency-Token` and by the signed
 *   MessageSid (with MessageStatus for status callbacks), in memory (api/idempotency.ts) and, for the
 *   MessageSid, in the database (webhook_deliveries), so a replay to another API process or after
 *   a restart is caught too; a retried or replayed delivery gets the same answer and changes nothing.
 *
 * Logs name the action, the request id and workflow IDs; never the number, the hash or the text.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import twilio from 'twilio';
import type { ApiContext } from '../context';
import { HttpError } from '../errors';
import type { CachedAnswer } from '../idempotency';
import { subAccountToken } from './account-token';
import { markSignedFor } from './signed-clinic';
import { first, parseForm, type FormParams } from './twilio-form';
import { inboundHandler } from './twilio-inbound';
import { statusHandler } from './twilio-status';

type Handler = (request: FastifyRequest, params: FormParams) => Promise<CachedAnswer>;

/** Twilio's SIDs are two letters and 32 hex digits; anything far from that is not kept. */
const MESSAGE_SID = /^[A-Za-z0-9]{2,64}$/;

/**
 * What identifies a delivery within what Twilio signs: the message, and for a status callback
 * its status (one message reports queued, sent, delivered...). Undefined without a MessageSid.
 */
function deliveryKey(kind: 'inbound' | 'status', params: FormParams): string | undefined {
  const sid = (first(params.MessageSid) ?? first(params.SmsMessageSid))?.trim();
  if (!sid || !MESSAGE_SID.test(sid)) return undefined;
  return kind === 'status' ? `status:${sid}:${(first(params.MessageStatus) ?? '').toLowerCase().slice(0, 40)}` : `inbound:${sid}`;
}

export function twilioWebhookRoutes(ctx: ApiContext) {
  const { config, logger } = ctx.deps;
  const signingToken = config.TWILIO_AUTH_TOKEN ?? config.TWILIO_WEBHOOK_AUTH_TOKEN;

  /**
   * The handler's answer, or the one already given to this delivery: the same
   * I-Twilio-Idempotency-Token (Twilio's retries), or the same signed MessageSid (with the status,
   * for status callbacks). The token is not signed, so a captured request replayed with a new one
   * is still the same message: it changes nothing and gets the first answer.
   */
  const answer = (kind: 'inbound' | 'status', handle: Handler) =>
    async function (request: FastifyRequest, reply: FastifyReply) {
      const params = (request.body ?? {}) as FormParams;
      const token = request.headers['i-twilio-idempotency-token'];
      const delivery = deliveryKey(kind, params);
      let seenMessage = false;
      const work = async (): Promise<CachedAnswer> => {
        if (!delivery) return handle(request, params);
        const kept = ctx.deps.access.deliveries;
        const result = await ctx.deliveries.run(delivery, async () => {
          // Another API process, or this one before a restart, may have handled it already.
          const earlier = await kept.answerOf(delivery);
          if (earlier) {
            seenMessage = true;
            return earlier;
          }
          const fresh = await handle(request, params);
          if (fresh.statusCode < 500) await kept.remember(delivery, fresh, ctx.now());
          return fresh;
        });
        seenMessage ||= result.replayed;
        return result.answer;
      };
      const { answer: result, replayed } =
        typeof token === 'string' && token !== '' ? await ctx.idempotency.run(`${kind}:${token.slice(0, 200)}`, work) : { answer: await work(), replayed: false };
      if (replayed || seenMessage) {
        logger.info(replayed ? 'Twilio retry answered from memory, nothing done again' : 'Twilio message already handled (same MessageSid), answered from memory, nothing done again', {
          component: 'twilio-webhook',
          reqId: request.id,
          kind,
        });
      }
      reply.code(result.statusCode).type(result.contentType);
      return result.body;
    };

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
        throw new HttpError(503, { error: 'not_configured', message: 'TWILIO_AUTH_TOKEN must be set: it is the key Twilio signs webhooks with.' });
      }
      const signature = request.headers['x-twilio-signature'];
      const params = (request.body ?? {}) as FormParams;
      const url = `${config.PUBLIC_BASE_URL}${request.url}`;
      const subAccount = await subAccountToken(ctx.deps.clinics, first(params.AccountSid));
      if (subAccount && 'missing' in subAccount) {
        logger.warn("Twilio webhook for a clinic's sub-account whose token variable is not set: refused", { component: 'twilio-webhook', reqId: request.id, authTokenEnv: subAccount.missing });
      }
      const token = subAccount === undefined ? signingToken : 'token' in subAccount ? subAccount.token : undefined;
      if (typeof signature !== 'string' || !token || !twilio.validateRequest(token, signature, url, params)) {
        logger.warn('Twilio webhook with a missing or wrong signature refused', { component: 'twilio-webhook', reqId: request.id, route: request.routeOptions.url });
        throw new HttpError(403, { error: 'forbidden', message: 'The X-Twilio-Signature does not match this request.' });
      }
      if (subAccount && 'clinicId' in subAccount) markSignedFor(request, subAccount.clinicId);
    });

    hooks.post('/inbound', answer('inbound', inboundHandler(ctx)));
    hooks.post('/status', answer('status', statusHandler(ctx)));
  };
}
