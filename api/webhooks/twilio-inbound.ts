/**
 * `POST /webhooks/twilio/inbound`: a client's text, matched to the client's running runs through
 * the PhoneHash search attribute (phoneHash(From, PHONE_HASH_KEY)):
 * - STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPTOUT: `optOut { channel: 'sms' }` to
 *   every running run of that phone; START, UNSTOP: `optIn { channel: 'sms' }`.
 * - HELP (or INFO): a TwiML reply with the clinic's name and phone (newest running run).
 * - BOOK, YES: `clientReply { kind: 'wants-to-book' }` to the newest running run; any other text:
 *   `clientReply { kind: 'message', text }`. The workflow emails the clinic, once per MessageSid.
 * Keywords are matched in any case with surrounding spaces and punctuation ignored ("Stop." is
 * STOP, "stop texting me" is a message). The answer is empty TwiML (`<Response/>`) except for HELP;
 * an unknown number gets empty TwiML and nothing else happens.
 */
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { forwardReply, runningRunsOfPhone, setSmsConsent } from '../../app/client-texts';
import { statusQuery, SEARCH_ATTRIBUTES } from '../../workflows/contract';
import type { ApiContext } from '../context';
import type { CachedAnswer } from '../idempotency';
import type { RouteDoc } from '../openapi/route-doc';
import { first, formBody, twilioHeaders, twilioResponses, twiml, xml, type FormParams } from './twilio-form';

export const STOP_WORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'] as const;
export const START_WORDS = ['START', 'UNSTOP'] as const;
export const HELP_WORDS = ['HELP', 'INFO'] as const;
export const BOOK_WORDS = ['BOOK', 'YES'] as const;

/** Longest client text forwarded to the clinic (Twilio's own limit for one message body). */
const MAX_FORWARDED_TEXT = 1600;

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

const inboundForm = z
  .object({
    From: z.string().meta({ description: "The client's number (E.164)." }),
    Body: z.string().meta({ description: `${STOP_WORDS.join('/')}, ${START_WORDS.join('/')}, ${HELP_WORDS.join('/')}, ${BOOK_WORDS.join('/')}, or any text.` }),
    MessageSid: z.string(),
    NumMedia: z.string().optional(),
  })
  .catchall(z.string())
  .meta({ id: 'TwilioInbound', description: "Twilio's inbound message webhook parameters (all of them are signed; only these are used)." });

export const inboundDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/webhooks/twilio/inbound',
    tags: ['twilio'],
    operationId: 'twilioInbound',
    summary: 'Inbound SMS: STOP/START/HELP/BOOK and free text',
    description:
      'STOP-family words opt the number out of SMS on every running aftercare of that phone, START/UNSTOP opt it back in, HELP answers with the clinic name and phone, BOOK/YES and any other text are forwarded to the clinic by email (newest running aftercare). Keywords: any case, surrounding spaces and punctuation ignored.',
    security: [],
    request: { headers: twilioHeaders, body: formBody(inboundForm) },
    responses: twilioResponses('TwiML: empty, or for HELP a <Message> with the clinic name and phone.'),
  },
];

export function inboundHandler(ctx: ApiContext) {
  const { config, clinics, logger } = ctx.deps;
  const log = (message: string, request: FastifyRequest, fields: Record<string, unknown> = {}) =>
    logger.info(message, { component: 'twilio-webhook', reqId: request.id, ...fields });

  async function helpText(client: Client, wf: WorkflowExecutionInfo): Promise<string> {
    let clinicId = wf.typedSearchAttributes.get(SEARCH_ATTRIBUTES.ClinicId);
    if (!clinicId) clinicId = (await client.workflow.getHandle(wf.workflowId).query(statusQuery)).clinicId;
    const clinic = await clinics.get(clinicId);
    const stop = 'Reply STOP to stop these texts, START to get them again.';
    if (!clinic) return `Aftercare texts from your clinic after your treatment. ${stop}`;
    return `${clinic.name}: aftercare texts after your treatment. Questions or to book, call ${clinic.phone}. ${stop}`;
  }

  return async function inbound(request: FastifyRequest, params: FormParams): Promise<CachedAnswer> {
    const from = first(params.From)?.trim();
    const body = first(params.Body) ?? '';
    const messageSid = first(params.MessageSid) ?? first(params.SmsMessageSid);
    if (!from) return xml(twiml());
    const phoneHashKey = config.PHONE_HASH_KEY;
    if (!phoneHashKey) {
      logger.warn('PHONE_HASH_KEY is not set: an inbound SMS cannot be matched to a client and was ignored', { component: 'twilio-webhook', reqId: request.id });
      return xml(twiml());
    }
    const intent = inboundIntent(body);
    return ctx.temporal(async (client) => {
      const runs = await runningRunsOfPhone({ client, phone: from, phoneHashKey });
      if (runs.length === 0) {
        log('inbound SMS from a number with no running aftercare', request, { intent });
        return xml(twiml());
      }
      const newest = runs[0]!;
      switch (intent) {
        case 'opt-out':
        case 'opt-in': {
          const reached = await setSmsConsent({ client, workflowIds: runs.map((wf) => wf.workflowId), optIn: intent === 'opt-in' });
          log(`client ${intent === 'opt-out' ? 'opted out of SMS' : 'asked to opt back in to SMS (each run takes it only where a consent is on record)'}`, request, { intent, workflowIds: reached });
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
          const reached = await forwardReply({
            client,
            workflowId: newest.workflowId,
            reply: intent === 'wants-to-book' ? { kind: 'wants-to-book', messageSid } : { kind: 'message', text: text.slice(0, MAX_FORWARDED_TEXT), messageSid },
          });
          log('client reply forwarded to the workflow', request, { intent, workflowIds: reached });
          return xml(twiml());
        }
      }
    });
  };
}
