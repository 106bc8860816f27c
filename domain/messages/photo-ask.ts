/**
 * The photo check-ins (day 7 and day 14, for clinics that turn them on): the client is asked to
 * reply to the clinic's text with a clear, well-lit picture of the treated area, and reminded in
 * one line of what matters for their scalp that day (care-protocol.md: days 5-7 on day 7, days
 * 8-14 on day 14). English and Spanish, our own words.
 *
 * Spanish SMS texts leave out á, í, ó and ú (outside GSM-7: one of them would halve the room of
 * every segment); é, ñ, ¿ and ¡ are GSM-7 and stay. The emails are written in full Spanish.
 */
import { DEFAULT_LANGUAGE, translator, type Catalog, type Language } from '../i18n';
import { demoPrefix, type ClientMessage, type MessageContext } from './context';
import { h, p, renderHtml, renderText, ul, type Block } from './email-document';
import { allSmsTexts, fitSms, type SmsValues, type SmsVariants } from './sms-fitting';
import { greeting, signOff } from './email-parts';
import { smsSpelled } from './sms-spelling';
import { unsubscribeFooter } from './unsubscribe-footer';
import { valuesOf, type Values } from './values';

export const PHOTO_STEP_IDS = ['photo-day-7', 'photo-day-14'] as const;
export type PhotoStepId = (typeof PHOTO_STEP_IDS)[number];

export function isPhotoStep(step: string): step is PhotoStepId {
  return (PHOTO_STEP_IDS as readonly string[]).includes(step);
}

type Key =
  | 'smsAsk'
  | 'smsAskShort'
  | 'smsAskLean'
  | 'smsCare7'
  | 'smsCare14'
  | 'smsMoreByEmail'
  | 'smsMoreByPhone'
  | 'subject'
  | 'intro7'
  | 'intro14'
  | 'howHeading'
  | 'howLight'
  | 'howArea'
  | 'howReply'
  | 'howNext'
  | 'careHeading'
  | 'care7'
  | 'care14'
  | 'questions';

const CATALOG: Catalog<Key> = {
  en: {
    smsAsk: "How is your scalp healing? Reply to this text with a clear, well-lit photo of the treated area and we'll take a look.",
    smsAskShort: 'Reply to this text with a clear, well-lit photo of the treated area.',
    smsAskLean: 'Please reply with a photo of the treated area.',
    smsCare7: 'Today: no sun, no heavy sweat, hands off.',
    smsCare14: "Today: don't touch or pick the scabs.",
    smsMoreByEmail: 'Tips in your email.',
    smsMoreByPhone: 'Questions? Call {phone}.',
    subject: '{clinic}: how is your scalp healing? Send us a photo',
    intro7: 'A week has passed since your session, and we would like to see how your scalp is healing.',
    intro14: 'Two weeks on, your healing is nearly through its first stage. We would like to see how your scalp looks now.',
    howHeading: 'How to send your photo',
    howLight: 'Stand by a window in daylight or under a bright lamp, so the picture is clear and well lit.',
    howArea: 'Show the whole treated area, in focus, from a little way off.',
    howReply: 'Reply to our text message with the photo, from the phone that gets our texts.',
    howNext: 'We will look at it and call you if anything needs a closer look.',
    careHeading: 'Your care today',
    care7: 'Keep out of the sun, avoid heavy sweating, clean only by dabbing with a fresh wet cloth, and keep your hands off your scalp.',
    care14: 'Leave the scabs alone: no touching, no picking, and nothing on your scalp but the ointment your technician advised, in a very thin film.',
    questions: 'Questions about your healing, or something does not look right? Call us at {phone}. We are happy to help.',
  },
  es: {
    smsAsk: '¿Como va tu piel? Responde a este mensaje con una foto clara y con buena luz de la zona tratada y la revisaremos.',
    smsAskShort: 'Responde a este mensaje con una foto clara y con buena luz de la zona tratada.',
    smsAskLean: 'Responde con una foto de la zona tratada, por favor.',
    smsCare7: 'Hoy: nada de sol ni sudor intenso, no te toques.',
    smsCare14: 'Hoy: no toques ni arranques las costras.',
    smsMoreByEmail: 'Consejos en tu email.',
    smsMoreByPhone: '¿Dudas? Llama al {phone}.',
    subject: '{clinic}: ¿cómo va tu cuero cabelludo? Envíanos una foto',
    intro7: 'Ya ha pasado una semana desde tu sesión y nos gustaría ver cómo está cicatrizando tu cuero cabelludo.',
    intro14: 'Han pasado dos semanas y la primera etapa de la cicatrización casi ha terminado. Nos gustaría ver cómo se ve tu cuero cabelludo ahora.',
    howHeading: 'Cómo enviarnos la foto',
    howLight: 'Ponte junto a una ventana con luz de día o bajo una lámpara potente, para que la foto salga clara y bien iluminada.',
    howArea: 'Que se vea toda la zona tratada, enfocada y desde un poco de distancia.',
    howReply: 'Responde a nuestro mensaje de texto con la foto, desde el teléfono en el que recibes nuestros mensajes.',
    howNext: 'La revisaremos y te llamaremos si algo necesita una mirada más atenta.',
    careHeading: 'Tus cuidados de hoy',
    care7: 'Evita el sol y sudar mucho, límpiate solo con toquecitos de un paño limpio y húmedo, y no te toques el cuero cabelludo.',
    care14: 'Deja las costras en paz: no las toques ni las arranques, y no te pongas nada más que la pomada que te recomendó tu especialista, en una capa muy fina.',
    questions: '¿Tienes dudas sobre la cicatrización o algo no se ve bien? Llámanos al {phone}. Te ayudaremos con gusto.',
  },
};

const t = translator(CATALOG);
// The text's wording in GSM-7 letters (docs/languages.md); the email keeps every accent.
const ts = translator(smsSpelled(CATALOG));

const CARE: Record<PhotoStepId, { sms: Key; email: Key; intro: Key }> = {
  'photo-day-7': { sms: 'smsCare7', email: 'care7', intro: 'intro7' },
  'photo-day-14': { sms: 'smsCare14', email: 'care14', intro: 'intro14' },
};

const languageOfContext = (ctx: MessageContext): Language => ctx.locale ?? DEFAULT_LANGUAGE;

function smsVariants(step: PhotoStepId, ctx: MessageContext, v: Values): SmsVariants {
  const lang = languageOfContext(ctx);
  const care = ts(lang, CARE[step].sms);
  const more = (s: SmsValues) => (ctx.hasEmail === false ? ts(lang, 'smsMoreByPhone', { phone: s.phone }) : ts(lang, 'smsMoreByEmail'));
  return {
    content: [
      (s) => `${s.hi}${ts(lang, 'smsAsk')} ${care} ${more(s)}`,
      (s) => `${s.hi}${ts(lang, 'smsAsk')} ${care}`,
      (s) => `${s.hi}${ts(lang, 'smsAskShort')} ${care}`,
    ],
    lean: (s) => `${s.hi}${ts(lang, 'smsAskLean')}`,
  };
}

function emailBlocks(step: PhotoStepId, ctx: MessageContext, v: Values): Block[] {
  const lang = languageOfContext(ctx);
  return [
    greeting(v, lang),
    p(t(lang, CARE[step].intro)),
    h(t(lang, 'howHeading')),
    ul([[t(lang, 'howLight')], [t(lang, 'howArea')], [t(lang, 'howReply')], [t(lang, 'howNext')]]),
    h(t(lang, 'careHeading')),
    p(t(lang, CARE[step].email)),
    p(t(lang, 'questions', { phone: v.phone })),
    signOff(v, lang),
  ];
}

/** The photo check-in of `step`, in the client's language. */
export function renderPhotoAsk(step: PhotoStepId, ctx: MessageContext): ClientMessage {
  const v = valuesOf(ctx);
  const lang = languageOfContext(ctx);
  const subject = `${demoPrefix(ctx.demo)}${t(lang, 'subject', { clinic: v.clinic })}`;
  const blocks = [...emailBlocks(step, ctx, v), ...unsubscribeFooter(ctx.unsubscribeUrl, lang)];
  return {
    sms: fitSms(smsVariants(step, ctx, v), ctx, v),
    email: { subject, text: renderText(blocks), html: renderHtml(subject, blocks, lang) },
  };
}

/** Every SMS text the photo check-in could produce for `ctx`, fitting or not (template tests). */
export function photoAskSmsCandidates(step: PhotoStepId, ctx: MessageContext): string[] {
  const v = valuesOf(ctx);
  return allSmsTexts(smsVariants(step, ctx, v), ctx, v);
}
