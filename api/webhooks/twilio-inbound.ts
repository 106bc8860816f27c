/**
 * `POST /webhooks/twilio/inbound`: a client's text, matched to the client's running runs through
 * the PhoneHash search attribute (phoneHash(From, PHONE_HASH_KEY)), and to the clinics sending from
 * the number it went to (`To`, or `MessagingServiceSid`; app/inbound-route.ts has the rule):
 * - STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPTOUT: `optOut { channel: 'sms' }` to
 *   every running run of that phone at those clinics; START, UNSTOP: `optIn { channel: 'sms' }`.
 * - HELP (or INFO): a TwiML reply with the name and phone of the clinic the text is for.
 * - BOOK, YES: `clientReply { kind: 'wants-to-book' }` to the run the text is for (with a sender
 *   shared by clinics, the one that texted the client last); any other text:
 *   `clientReply { kind: 'message', text }`. The workflow emails the clinic, once per MessageSid.
 * Keywords are matched in any case with surrounding spaces and punctuation ignored ("Stop." is
 * STOP, "stop texting me" is a message). The answer is empty TwiML (`<Response/>`) except for HELP;
 * an unknown number gets empty TwiML and nothing else happens.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { forwardReply, lastTextedAt, runsOfPhoneWithClinic, setSmsConsent } from '../../app/client-texts';
import { addresseeOf, routeBySender, type RunOfPhone, type SenderClinic } from '../../app/inbound-route';
import { auditClientText } from '../audit';
import type { ApiContext } from '../context';
import type { CachedAnswer } from '../idempotency';
import type { RouteDoc } from '../openapi/route-doc';
import { signedClinicOf } from './signed-clinic';
import { first, formBody, twilioHeaders, twilioResponses, twiml, xml, type FormParams } from './twilio-form';

export const STOP_WORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'] as const;
export const START_WORDS = ['START', 'UNSTOP'] as const;
export const HELP_WORDS = ['HELP', 'INFO'] as const;
export const BOOK_WORDS = ['BOOK', 'YES'] as const;

/** Longest client text forwarded to the clinic (Twilio's own limit for one message body). */
const MAX_FORWARDED_TEXT = 1600;

/** A client texted a number that none of their running plans sends from (a replaced one, or another clinic's). */
const NOT_THEIR_CLINICS = "inbound SMS to a number none of the client's clinics sends from: nothing done";

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
    To: z.string().meta({ description: 'The number the client wrote to: the clinics sending from it are the ones the text is for.' }),
    MessagingServiceSid: z.string().optional().meta({ description: 'Present when the number belongs to a messaging service: the clinics sending through it are the ones the text is for.' }),
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
      "Routed by the number written to (To, or MessagingServiceSid): STOP-family words opt the phone out of SMS on every running aftercare of every clinic sending from that number, START/UNSTOP opt it back in, HELP answers with that clinic's name and phone, BOOK/YES and any other text are forwarded to that clinic by email (with a number shared by clinics, the one whose aftercare texted the client last). Keywords: any case, surrounding spaces and punctuation ignored.",
    security: [],
    request: { headers: twilioHeaders, body: formBody(inboundForm) },
    responses: twilioResponses('TwiML: empty, or for HELP a <Message> with the clinic name and phone.'),
  },
];

export function inboundHandler(ctx: ApiContext) {
  const { config, clinics, logger } = ctx.deps;
  const platformSender = {
    ...(config.TWILIO_FROM ? { from: config.TWILIO_FROM } : {}),
    ...(config.TWILIO_MESSAGING_SERVICE_SID ? { messagingServiceSid: config.TWILIO_MESSAGING_SERVICE_SID } : {}),
  };
  const log = (message: string, request: FastifyRequest, fields: Record<string, unknown> = {}) =>
    logger.info(message, { component: 'twilio-webhook', reqId: request.id, ...fields });

  function helpText(clinic: SenderClinic | undefined): string {
    const stop = 'Reply STOP to stop these texts, START to get them again.';
    if (!clinic) return `Aftercare texts from your clinic after your treatment. ${stop}`;
    return `${clinic.name}: aftercare texts after your treatment. Questions or to book, call ${clinic.phone}. ${stop}`;
  }

  return async function inbound(request: FastifyRequest, params: FormParams): Promise<CachedAnswer> {
    const from = first(params.From)?.trim();
    const body = first(params.Body) ?? '';
    const messageSid = first(params.MessageSid) ?? first(params.SmsMessageSid);
    const address = { to: first(params.To)?.trim(), messagingServiceSid: first(params.MessagingServiceSid)?.trim() };
    if (!from) return xml(twiml());
    const phoneHashKey = config.PHONE_HASH_KEY;
    if (!phoneHashKey) {
      logger.warn('PHONE_HASH_KEY is not set: an inbound SMS cannot be matched to a client and was ignored', { component: 'twilio-webhook', reqId: request.id });
      return xml(twiml());
    }
    const intent = inboundIntent(body);
    // Signed with one clinic's own token: that clinic's clients only.
    const signedFor = signedClinicOf(request);
    const ourClinics = <C extends SenderClinic>(all: C[]) => (signedFor === undefined ? all : all.filter((c) => c.id === signedFor));
    const ourRuns = (all: RunOfPhone[]) => (signedFor === undefined ? all : all.filter((r) => r.clinicId === signedFor));
    return ctx.temporal(async (client) => {
      const route = await routeBySender(
        {
          clinics: { list: async () => ourClinics(await clinics.list()) },
          platformSender,
          runsOfPhone: async () => ourRuns(await runsOfPhoneWithClinic({ client, phone: from, phoneHashKey })),
        },
        address,
      );
      const clinicIds = route.clinics.map((c) => c.id);
      if (route.allRuns.length === 0) {
        log('inbound SMS from a number with no running aftercare', request, { intent, clinicIds });
        return xml(twiml());
      }
      switch (intent) {
        case 'opt-out':
        case 'opt-in': {
          if (route.runs.length === 0) {
            log(NOT_THEIR_CLINICS, request, { intent, clinicIds });
            return xml(twiml());
          }
          const reached = await setSmsConsent({ client, workflowIds: route.runs.map((r) => r.workflowId), optIn: intent === 'opt-in' });
          await auditClientText(
            ctx,
            request,
            reached.map((workflowId) => ({
              action: 'channel.switched' as const,
              clinicId: route.runs.find((r) => r.workflowId === workflowId)?.clinicId ?? null,
              workflowId,
              // START asks: each run turns SMS back on only where a consent is on record.
              detail: { channel: 'sms', enabled: intent === 'opt-in', by: intent === 'opt-in' ? 'START' : 'STOP' },
            })),
          );
          log(`client ${intent === 'opt-out' ? 'opted out of SMS' : 'asked to opt back in to SMS (each run takes it only where a consent is on record)'}`, request, { intent, clinicIds, workflowIds: reached });
          return xml(twiml());
        }
        case 'help':
        case 'wants-to-book':
        case 'message': {
          const addressee = await addresseeOf(route, (workflowId) => lastTextedAt({ client, workflowId }));
          if (!addressee) {
            log(NOT_THEIR_CLINICS, request, { intent, clinicIds });
            return xml(twiml());
          }
          const workflowId = addressee.run.workflowId;
          if (intent === 'help') {
            log('client asked for help', request, { intent, clinicId: addressee.clinic?.id, workflowId });
            return xml(twiml(helpText(addressee.clinic)));
          }
          if (!messageSid) {
            logger.warn('inbound SMS without MessageSid: not forwarded', { component: 'twilio-webhook', reqId: request.id });
            return xml(twiml());
          }
          const numMedia = Number(first(params.NumMedia) ?? '0') || 0;
          const text = body.trim() || (numMedia > 0 ? `[${numMedia} picture(s) or attachment(s), see Twilio's message log]` : '');
          if (intent === 'message' && !text) return xml(twiml());
          const reached = await forwardReply({
            client,
            workflowId,
            reply: intent === 'wants-to-book' ? { kind: 'wants-to-book', messageSid } : { kind: 'message', text: text.slice(0, MAX_FORWARDED_TEXT), messageSid },
          });
          log('client reply forwarded to the workflow', request, { intent, clinicId: addressee.run.clinicId, workflowIds: reached });
          return xml(twiml());
        }
      }
    });
  };
}
