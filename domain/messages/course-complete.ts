/**
 * The message after the final planned session's timeline (step `course-complete`): the course is
 * done, how to keep the result for years (care-protocol.md's long-term facts), that touch-ups keep
 * it fresh, and, once per client ever, the clinic's review request (`ctx.reviewUrl`, set by the
 * workflow only when the clinic has a review link, the client never asked before and never said
 * STOP). English and Spanish; the Spanish SMS keeps to GSM-7 letters (no á, í, ó, ú) so it is
 * measured at 160/153 characters a segment like the English one.
 */
import { DEFAULT_LANGUAGE, translator, type Catalog } from '../i18n';
import type { MessageContext } from './context';
import { h, link, p, ul, type Block } from './email-document';
import type { EmailDocument } from './email';
import { greeting, signOff } from './email-parts';
import { type SmsVariants } from './sms-fitting';
import { smsSpelled } from './sms-spelling';
import type { Values } from './values';

type Key =
  | 'smsDone'
  | 'smsCare'
  | 'smsCareShort'
  | 'smsTouchUp'
  | 'smsReview'
  | 'smsTipsInEmail'
  | 'smsCall'
  | 'subject'
  | 'intro'
  | 'careHeading'
  | 'careSun'
  | 'careMoisturise'
  | 'careProducts'
  | 'careWash'
  | 'touchUpHeading'
  | 'touchUp'
  | 'reviewHeading'
  | 'review'
  | 'questions';

const CATALOG: Catalog<Key> = {
  en: {
    smsDone: 'Your SMP course is complete. Well done!',
    smsCare: 'To keep it sharp for years: sunscreen factor 50+ or a hat in the sun, moisturise daily, and skip products with alcohol or AHAs.',
    smsCareShort: 'Sun: factor 50+ or a hat. Moisturise daily. No alcohol or AHA products.',
    smsTouchUp: 'A touch-up every year or so keeps it fresh.',
    smsReview: 'Happy with it? A short review helps us: {url}',
    smsTipsInEmail: 'Your long-term care tips are in your email.',
    smsCall: 'Questions? Call {phone}.',
    subject: '{clinic}: your SMP course is complete',
    intro: 'With session {planned} healed, your scalp micropigmentation course is complete. Thank you for trusting us with it.',
    careHeading: 'Keeping your result for years',
    careSun: 'Sun fades pigment: use sunscreen of factor 50 or more on your scalp, or wear a hat.',
    careMoisturise: 'Moisturise your scalp after showering and before bed.',
    careProducts: 'Keep avoiding products with alcohol or alpha-hydroxy acids (AHAs) on your scalp.',
    careWash: 'Keep washing with clean water and a mild soap.',
    touchUpHeading: 'Touch-ups',
    touchUp: 'Pigment softens slowly with sun and time. A short touch-up session every year or two keeps your result crisp and fresh; we’ll remind you when it’s time.',
    reviewHeading: 'A small favour',
    review: 'If you’re happy with your result, would you leave us a short review? It takes a minute and helps others find us: ',
    questions: 'Questions at any time? Call us at {phone}. We’re always glad to hear from you.',
  },
  es: {
    smsDone: 'Tu tratamiento SMP ha terminado. ¡Enhorabuena!',
    smsCare: 'Para que dure años: protector solar factor 50+ o gorra al sol, hidrata el cuero cabelludo a diario y evita productos con alcohol o AHA.',
    smsCareShort: 'Sol: factor 50+ o gorra. Hidrata a diario. Nada de alcohol ni AHA.',
    smsTouchUp: 'Un retoque cada año o dos lo mantiene como nuevo.',
    smsReview: '¿Te gusta el resultado? Una breve reseña nos ayuda: {url}',
    smsTipsInEmail: 'Los cuidados a largo plazo van en tu email.',
    smsCall: '¿Dudas? Llama al {phone}.',
    subject: '{clinic}: tu tratamiento SMP ha terminado',
    intro: 'Ya ha cicatrizado la sesión {planned}, así que tu tratamiento de micropigmentación capilar ha terminado. Gracias por confiar en nosotros.',
    careHeading: 'Para conservar el resultado durante años',
    careSun: 'El sol aclara el pigmento: usa protector solar de factor 50 o más en el cuero cabelludo, o lleva gorra.',
    careMoisturise: 'Hidrata el cuero cabelludo después de la ducha y antes de dormir.',
    careProducts: 'Sigue evitando en el cuero cabelludo los productos con alcohol o alfahidroxiácidos (AHA).',
    careWash: 'Sigue lavándolo con agua limpia y un jabón suave.',
    touchUpHeading: 'Retoques',
    touchUp: 'Con el sol y el tiempo el pigmento se suaviza poco a poco. Una breve sesión de retoque cada año o dos mantiene el resultado nítido; te avisaremos cuando toque.',
    reviewHeading: 'Un pequeño favor',
    review: 'Si estás contento con el resultado, ¿nos dejarías una breve reseña? Se tarda un minuto y ayuda a otras personas a encontrarnos: ',
    questions: '¿Tienes alguna duda? Llámanos al {phone}. Siempre nos alegra saber de ti.',
  },
};

const t = translator(CATALOG);
// The text's wording in GSM-7 letters (docs/languages.md); the email keeps every accent.
const ts = translator(smsSpelled(CATALOG));
const languageOfContext = (ctx: MessageContext) => ctx.locale ?? DEFAULT_LANGUAGE;

/** The text's variants, richest first; every one carries the review request when there is one. */
export function courseCompleteSms(ctx: MessageContext, v: Values): SmsVariants {
  const lang = languageOfContext(ctx);
  const review = ctx.reviewUrl ? ` ${ts(lang, 'smsReview', { url: ctx.reviewUrl })}` : '';
  const done = ts(lang, 'smsDone');
  const touchUp = ts(lang, 'smsTouchUp');
  return {
    content: [
      (s) => `${s.hi}${done} ${ts(lang, 'smsCare')} ${touchUp}${review}`,
      (s) => `${s.hi}${done} ${ts(lang, 'smsCareShort')} ${touchUp}${review}`,
      (s) => `${s.hi}${done} ${ts(lang, 'smsCareShort')}${review}`,
    ],
    lean: (s) => `${done}${review || ` ${ctx.hasEmail === false ? ts(lang, 'smsCall', { phone: s.phone }) : ts(lang, 'smsTipsInEmail')}`}`,
  };
}

/** The email (without the demo prefix and the unsubscribe footer, which every email gets). */
export function courseCompleteEmail(ctx: MessageContext, v: Values): EmailDocument {
  const lang = languageOfContext(ctx);
  const review: Block[] = ctx.reviewUrl ? [h(t(lang, 'reviewHeading')), p(t(lang, 'review'), link(ctx.reviewUrl))] : [];
  return {
    subject: t(lang, 'subject', { clinic: v.clinic }),
    blocks: [
      greeting(v, lang),
      p(t(lang, 'intro', { planned: v.planned })),
      h(t(lang, 'careHeading')),
      ul([[t(lang, 'careSun')], [t(lang, 'careMoisturise')], [t(lang, 'careProducts')], [t(lang, 'careWash')]]),
      h(t(lang, 'touchUpHeading')),
      p(t(lang, 'touchUp')),
      ...review,
      p(t(lang, 'questions', { phone: v.phone })),
      signOff(v, lang),
    ],
  };
}
