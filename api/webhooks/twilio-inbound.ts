/**
 * `POST /webhooks/twilio/inbound`: a client's text, matched to the client's running runs through
 * the PhoneHash search attribute (phoneHash(From, PHONE_HASH_KEY)), and to the clinics sending from
 * the number it went to (`To`, or `MessagingServiceSid`; app/inbound-route.ts has the rule).
 *
 * Every text is kept first, sealed, for the clinic's inbox and the client's timeline (platform/inbox.ts),
 * once per MessageSid: with the running plan it reaches, else the phone's newest plan at that
 * clinic even if it has ended, else the clinic of the number if only one sends from it, else no
 * clinic (administrators see it). Then:
 * Keywords are in English and Spanish (domain/inbound-keywords.ts has every word):
 * - STOP, PARAR...: `optOut { channel: 'sms' }` to every running run of that phone at those
 *   clinics, its touch-up reminders included; START, COMENZAR...: `optIn { channel: 'sms' }`. Twilio blocks and confirms the English
 *   words itself; a Spanish one is confirmed here, in Spanish, as Twilio knows nothing of it.
 * - HELP, AYUDA...: a TwiML reply with the name and phone of the clinic the text is for.
 * - BOOK, CITA...: `clientReply { kind: 'wants-to-book' }` to the run the text is for (with a sender
 *   shared by clinics, the one that texted the client last); any other text is triaged
 *   (domain/triage) and sent as `clientReply { kind: 'message', text, triage }`. The workflow
 *   emails the clinic, once per MessageSid, and acts on an urgent one (alerts, its own answer).
 * - BOOK and a text that is not urgent get a short acknowledgement. An urgent text gets none from
 *   here when a running plan took it (the plan answers it); with none, the client gets the urgent
 *   answer here and the clinic its urgent alert email (and on-call text) from the API
 *   (app/urgent-alert.ts).
 * Answers are in the language of the plan the text reached, else in the keyword's or the text's.
 * Keywords are matched in any case, accents and surrounding spaces and punctuation ignored ("Stop."
 * is STOP, "Ayúda" AYUDA, "stop texting me" is a message). STOP, START and HELP from an unknown number get empty
 * TwiML (`<Response/>`) and change nothing.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { forwardReply, languageOfRun, lastTextedAt, runFacts, runsOfPhoneAnyStatus, runsOfPhoneWithClinic, setSmsConsent } from '../../app/client-texts';
import { addresseeOf, placeOfText, routeBySender, type RunOfPhone, type SenderClinic } from '../../app/inbound-route';
import { mediaOfMessage, receivePhotos } from '../../app/photos';
import { runningTouchUpsOfPhone } from '../../app/touch-ups';
import { alertClinicOfUrgentText } from '../../app/urgent-alert';
import { inboundKeyword, keywordsOf, TWILIO_KEYWORD_LANGUAGE, type InboundIntent } from '../../domain/inbound-keywords';
import { acknowledgement, helpAnswer, keywordConfirmation, urgentAnswerWithoutClinic, urgentClientReply } from '../../domain/messages';
import { textLanguage } from '../../domain/text-language';
import { regionFromPhone } from '../../domain/compliance/profile';
import { classifyReply } from '../../domain/triage/classify';
import type { InboxKeyword } from '../../platform/inbox';
import { SealingNotConfiguredError } from '../../platform/sealed';
import { pageMailOf } from '../page-mail';
import { auditClientText } from '../audit';
import type { ApiContext } from '../context';
import type { CachedAnswer } from '../idempotency';
import type { RouteDoc } from '../openapi/route-doc';
import { signedClinicOf } from './signed-clinic';
import { first, formBody, twilioHeaders, twilioResponses, twiml, xml, type FormParams } from './twilio-form';

/** Every language's words of each keyword (domain/inbound-keywords.ts), as the documentation lists them. */
const WORDS_OF = { stop: keywordsOf('opt-out'), start: keywordsOf('opt-in'), help: keywordsOf('help'), book: keywordsOf('wants-to-book') };

/** Longest client text forwarded to the clinic (Twilio's own limit for one message body). */
const MAX_FORWARDED_TEXT = 1600;

/** A client texted a number that none of their running plans sends from (a replaced one, or another clinic's). */
const NOT_THEIR_CLINICS = "inbound SMS to a number none of the client's clinics sends from: nothing done";

export { inboundIntent, type InboundIntent } from '../../domain/inbound-keywords';

const inboundForm = z
  .object({
    From: z.string().meta({ description: "The client's number (E.164)." }),
    To: z.string().meta({ description: 'The number the client wrote to: the clinics sending from it are the ones the text is for.' }),
    MessagingServiceSid: z.string().optional().meta({ description: 'Present when the number belongs to a messaging service: the clinics sending through it are the ones the text is for.' }),
    Body: z.string().meta({ description: `${WORDS_OF.stop.join('/')}, ${WORDS_OF.start.join('/')}, ${WORDS_OF.help.join('/')}, ${WORDS_OF.book.join('/')}, or any text.` }),
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
      "Every text is kept first (sealed; once per MessageSid) for the clinic's inbox, also from unknown numbers and after a plan ended. Routed by the number written to (To, or MessagingServiceSid): STOP-family words (English or Spanish: PARAR...) opt the phone out of SMS on every running aftercare of every clinic sending from that number, START-family words opt it back in (a Spanish word is confirmed in Spanish: Twilio confirms only its English ones), HELP answers with that clinic's name and phone, BOOK/YES and any other text (triaged: urgent, booking, question, other) are forwarded to that clinic's running plan (with a number shared by clinics, the one whose aftercare texted the client last). BOOK and texts that are not urgent get a short acknowledgement; an urgent text with no running plan gets the urgent answer, and the clinic an urgent alert email. Keywords: any case, with or without accents, surrounding spaces and punctuation ignored. Answers are in the client's language (the plan's; without one, the keyword's or the text's).",
    security: [],
    request: { headers: twilioHeaders, body: formBody(inboundForm) },
    responses: twilioResponses('TwiML: empty for STOP/START (a confirmation for PARAR/COMENZAR and the other Spanish words) and an urgent text a running plan answers itself; a <Message> for HELP (the clinic name and phone), BOOK and other texts (an acknowledgement), and an urgent text with no running plan (the urgent answer).'),
  },
];

export function inboundHandler(ctx: ApiContext) {
  const { config, clinics, logger } = ctx.deps;
  const inbox = ctx.deps.access.inbox;
  const platformSender = {
    ...(config.TWILIO_FROM ? { from: config.TWILIO_FROM } : {}),
    ...(config.TWILIO_MESSAGING_SERVICE_SID ? { messagingServiceSid: config.TWILIO_MESSAGING_SERVICE_SID } : {}),
  };
  const { mailer, pageUrl } = pageMailOf(config);
  const log = (message: string, request: FastifyRequest, fields: Record<string, unknown> = {}) =>
    logger.info(message, { component: 'twilio-webhook', reqId: request.id, ...fields });

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
    const keywordOfText = inboundKeyword(body);
    const intent: InboundIntent = keywordOfText?.intent ?? 'message';
    const texterRegion = regionFromPhone(from);
    const keyword = KEYWORD_OF[intent];
    const numMedia = Number(first(params.NumMedia) ?? '0') || 0;
    const text = (body.trim() || (numMedia > 0 ? `[${numMedia} picture(s) or attachment(s), see Twilio's message log]` : '')).slice(0, MAX_FORWARDED_TEXT);
    // Keywords keep their meaning; everything else is triaged, and the run acts on the class.
    const triage = keyword === null && text ? classifyReply(text) : null;
    // The language of an answer when no running plan says the client's: the keyword's, else the text's.
    const writtenIn = keywordOfText?.language ?? textLanguage(text);
    // Twilio confirms its own (English) STOP and START words; a word only we know, only we can confirm.
    const confirmedByUs = keywordOfText !== null && keywordOfText.language !== TWILIO_KEYWORD_LANGUAGE;
    // Signed with one clinic's own token: that clinic's clients only.
    const signedFor = signedClinicOf(request);
    const ourClinics = <C extends SenderClinic>(all: C[]) => (signedFor === undefined ? all : all.filter((c) => c.id === signedFor));
    const ourRuns = (all: RunOfPhone[]) => (signedFor === undefined ? all : all.filter((r) => r.clinicId === signedFor));
    return ctx.temporal(async (client) => {
      const directory = ourClinics(await clinics.list());
      const route = await routeBySender(
        {
          clinics: { list: async () => directory },
          platformSender,
          runsOfPhone: async () => ourRuns(await runsOfPhoneWithClinic({ client, phone: from, phoneHashKey })),
        },
        address,
      );
      const clinicIds = route.clinics.map((c) => c.id);
      const clinicOf = (id: string | null) => (id === null ? undefined : directory.find((c) => c.id === id));

      // The running plan the text is for: every plan at the number's clinics for STOP and START, one for the rest.
      const optInOrOut = intent === 'opt-out' || intent === 'opt-in';
      const addressee = optInOrOut || route.allRuns.length === 0 ? undefined : await addresseeOf(route, (workflowId) => lastTextedAt({ client, workflowId }));
      const reached = optInOrOut ? route.runs[0] : addressee?.run;

      // Every text is kept first, wherever it belongs (a retried delivery finds it kept and stores nothing).
      const everyRun = reached ? [] : ourRuns(await runsOfPhoneAnyStatus({ client, phone: from, phoneHashKey }));
      const place = placeOfText(route, reached, everyRun);
      const kept =
        messageSid && text
          ? await inbox
              .recordInbound({
                messageSid,
                clinicId: place.clinicId,
                workflowId: place.run?.workflowId ?? null,
                clientRef: place.run?.clientRef ?? null,
                phone: from,
                text,
                triage,
                keyword,
                at: ctx.now(),
              })
              .catch((err: unknown) => {
                // A STOP must work even on a server that cannot seal: the text is then not kept, loudly.
                if (!(err instanceof SealingNotConfiguredError)) throw err;
                logger.error('client text not kept for the inbox: set CODEC_KEYS and PHONE_HASH_KEY', { component: 'twilio-webhook', reqId: request.id });
                return undefined;
              })
          : undefined;
      if (kept?.created) log('client text kept for the inbox', request, { intent, textId: kept.record.id, clinicId: place.clinicId, triage: triage?.class ?? null, ...(place.run ? { workflowId: place.run.workflowId } : {}) });

      // Pictures (an MMS): their addresses kept sealed, fetched by the photo intake, linked to the text's clinic and run.
      const media = messageSid ? mediaOfMessage((name) => first(params[name])) : [];
      if (media.length > 0 && messageSid) {
        const clinicId = place.clinicId;
        if (clinicId === null) log('pictures from a number no clinic can be told for: not fetched', request, { pictures: media.length });
        else {
          const intake = await receivePhotos(
            { photos: ctx.deps.access.photos, client },
            { messageSid, place: { clinicId, workflowId: place.run?.workflowId ?? null, clientRef: place.run?.clientRef ?? null }, media, at: ctx.now() },
          ).catch((err: unknown) => {
            if (!(err instanceof SealingNotConfiguredError)) throw err;
            logger.error('client pictures not kept: set CODEC_KEYS and PHONE_HASH_KEY', { component: 'twilio-webhook', reqId: request.id });
            return undefined;
          });
          if (intake) log('client pictures handed to the photo intake', request, { clinicId, pictures: intake.count, intakeWorkflowId: intake.workflowId, ...(place.run ? { workflowId: place.run.workflowId } : {}) });
        }
      }

      /** A text no running plan takes: acknowledged, or for an urgent one the urgent wording and the clinic alerted by the API. */
      const answerWithoutPlan = async (why: string): Promise<CachedAnswer> => {
        log(why, request, { intent, clinicIds });
        if (intent === 'help' || optInOrOut || !text) return xml(twiml());
        const clinic = clinicOf(place.clinicId);
        if (triage?.class !== 'urgent') return xml(twiml(acknowledgement(intent, clinic, texterRegion, writtenIn)));
        if (clinic && kept) {
          const facts = place.run ? { workflowId: place.run.workflowId, ...(place.run.clientRef ? { clientRef: place.run.clientRef } : {}), ...(await runFacts({ client, workflowId: place.run.workflowId })) } : undefined;
          const alerted = await alertClinicOfUrgentText({ mailer, sms: ctx.deps.sms, inbox, pageUrl, log: (message, fields) => logger.warn(message, { component: 'twilio-webhook', reqId: request.id, ...fields }) }, clinic, kept.record, facts);
          if (alerted) log('urgent text with no running plan: the clinic was alerted by email', request, { clinicId: clinic.id, textId: kept.record.id });
        }
        if (!clinic) return xml(twiml(urgentAnswerWithoutClinic(writtenIn)));
        // No plan says the client's language here: the one they wrote in.
        const replyContext = { clinic, ...(texterRegion ? { clientRegion: texterRegion } : {}), locale: writtenIn };
        return xml(twiml(urgentClientReply(replyContext)));
      };

      // Touch-up reminders (issue 16) go on for years after the aftercare runs ended: STOP and
      // START reach the phone's touch-up runs at the clinics sending from that number too.
      if (optInOrOut) {
        const touchUps = ourRuns(await runningTouchUpsOfPhone({ client, phone: from, phoneHashKey })).filter((r) => clinicIds.includes(r.clinicId));
        const touched = await setSmsConsent({ client, workflowIds: touchUps.map((r) => r.workflowId), optIn: intent === 'opt-in' });
        await auditClientText(
          ctx,
          request,
          touched.map((workflowId) => ({
            action: 'channel.switched' as const,
            clinicId: touchUps.find((r) => r.workflowId === workflowId)?.clinicId ?? null,
            workflowId,
            detail: { channel: 'sms', enabled: intent === 'opt-in', by: intent === 'opt-in' ? 'START' : 'STOP' },
          })),
        );
        if (touched.length > 0) log(`touch-up reminders ${intent === 'opt-out' ? 'opted out of' : 'asked to opt back in to'} SMS`, request, { intent, clinicIds, workflowIds: touched });
        if (route.allRuns.length === 0 && touched.length > 0) return xml(confirmedByUs ? twiml(keywordConfirmation(intent, writtenIn)) : twiml());
      }
      if (route.allRuns.length === 0) return answerWithoutPlan('inbound SMS from a number with no running aftercare');
      switch (intent) {
        case 'opt-out':
        case 'opt-in': {
          if (route.runs.length === 0) {
            log(NOT_THEIR_CLINICS, request, { intent, clinicIds });
            return xml(twiml());
          }
          const reachedIds = await setSmsConsent({ client, workflowIds: route.runs.map((r) => r.workflowId), optIn: intent === 'opt-in' });
          await auditClientText(
            ctx,
            request,
            reachedIds.map((workflowId) => ({
              action: 'channel.switched' as const,
              clinicId: route.runs.find((r) => r.workflowId === workflowId)?.clinicId ?? null,
              workflowId,
              // START asks: each run turns SMS back on only where a consent is on record.
              detail: { channel: 'sms', enabled: intent === 'opt-in', by: intent === 'opt-in' ? 'START' : 'STOP' },
            })),
          );
          log(`client ${intent === 'opt-out' ? 'opted out of SMS' : 'asked to opt back in to SMS (each run takes it only where a consent is on record)'}`, request, { intent, clinicIds, workflowIds: reachedIds, language: writtenIn });
          const confirm = reachedIds.length > 0 && confirmedByUs;
          return xml(confirm ? twiml(keywordConfirmation(intent, writtenIn)) : twiml());
        }
        case 'help':
        case 'wants-to-book':
        case 'message': {
          if (!addressee) return answerWithoutPlan(NOT_THEIR_CLINICS);
          const workflowId = addressee.run.workflowId;
          // The plan's language is the client's own; a plan from before languages goes by the text.
          const language = (await languageOfRun({ client, workflowId })) ?? writtenIn;
          if (intent === 'help') {
            log('client asked for help', request, { intent, clinicId: addressee.clinic?.id, workflowId, language });
            return xml(twiml(helpAnswer(addressee.clinic, texterRegion, language)));
          }
          if (!messageSid) {
            logger.warn('inbound SMS without MessageSid: not forwarded', { component: 'twilio-webhook', reqId: request.id });
            return xml(twiml());
          }
          if (intent === 'message' && !text) return xml(twiml());
          const reachedIds = await forwardReply({
            client,
            workflowId,
            reply: intent === 'wants-to-book' ? { kind: 'wants-to-book', messageSid } : { kind: 'message', text, messageSid, ...(triage ? { triage } : {}) },
          });
          log('client reply forwarded to the workflow', request, { intent, clinicId: addressee.run.clinicId, workflowIds: reachedIds, triage: triage?.class ?? null });
          // The run was gone by the time it was signalled: as with no plan at all.
          if (reachedIds.length === 0) return answerWithoutPlan('the plan ended as the text came: nothing forwarded');
          // The run texts the urgent answer itself (and alerts the clinic): nothing more here.
          if (triage?.class === 'urgent') return xml(twiml());
          return xml(twiml(acknowledgement(intent, clinicOf(addressee.run.clinicId), texterRegion, language)));
        }
      }
    });
  };
}

/** The urgent answer when no clinic can be told (a shared number, no plan): no number to call, so only the care advice. */
const KEYWORD_OF: Record<InboundIntent, InboxKeyword | null> = { 'opt-out': 'stop', 'opt-in': 'start', help: 'help', 'wants-to-book': 'book', message: null };
