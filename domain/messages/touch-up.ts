/**
 * The touch-up reminder (issue 16): months after a course ended, why the result softens (sun and
 * time fade the pigment) and how a short touch-up session keeps it sharp, with the clinic's booking
 * link and phone. English and Spanish (a Catalog holds every key in both); the Spanish texts avoid
 * á, í, ó, ú, which would force UCS-2 (domain/sms-encoding.ts), and keep é, ñ, ¿, ¡, which GSM-7 has.
 */
import { DEFAULT_LANGUAGE, translator, type Catalog, type Language } from '../i18n';
import { demoPrefix, type ClientMessage } from './context';
import { link, p, renderHtml, renderText, type Block } from './email-document';
import { cutToFit, fitsSms, shortenName, smsFriendly } from './sms-fitting';
import { greeting, signOff } from './email-parts';
import { smsSpelled } from './sms-spelling';
import { contactValuesOf } from './values';

/** The reminder's id where a step id would go: send records, dedupe keys, mail headers. */
export const TOUCH_UP = 'touch-up' as const;

export interface TouchUpContext {
  clientFirstName: string;
  clinic: { name: string; phone: string; bookingUrl: string };
  /** Months since the course ended, as the reminder counts them (the clinic's intervals so far). */
  months: number;
  locale?: Language;
  clientRegion?: string;
  /** Whether the client also gets the reminder by email (false: the text gives the phone only). */
  hasEmail?: boolean;
  demo?: boolean;
  /** The recipient's own unsubscribe link (set by the send activity): the email's footer offers it. */
  unsubscribeUrl?: string;
}

type Key =
  | 'subject'
  | 'months'
  | 'why'
  | 'session'
  | 'sun'
  | 'bookOnline'
  | 'call'
  | 'footer'
  | 'smsHi'
  | 'smsFull'
  | 'smsShort'
  | 'smsLean';

const CATALOG: Catalog<Key> = {
  en: {
    subject: 'Time for a touch-up at {clinic}?',
    months: 'It has been {months, plural, one {# month} other {# months}} since your scalp micropigmentation course with us.',
    why: 'SMP pigment is made to last, but sunlight and time slowly soften it: the dots lose a little of their crisp edge and the shade drifts lighter. That is normal, and it happens to everyone.',
    session: 'A short touch-up session tops the pigment up and keeps your hairline and density looking sharp. It takes far less time than your first sessions.',
    sun: 'Until then, factor 50+ sunscreen or a hat on sunny days is the best way to slow the fading.',
    bookOnline: 'Book your touch-up online: ',
    call: 'Or call us at {phone}.',
    footer: 'You get this email because of your scalp micropigmentation at {clinic}. To stop these reminders, unsubscribe here: ',
    smsHi: 'Hi {name}! ',
    smsFull: '{hi}{months, plural, one {# month} other {# months}} since your SMP course: sun and time soften the pigment, and a touch-up keeps your result sharp. Book: {url} or call {phone}. Reply STOP to opt out.',
    smsShort: '{hi}Time for an SMP touch-up? It keeps your result sharp. Book: {url} or call {phone}. Reply STOP to opt out.',
    smsLean: '{hi}Time for an SMP touch-up? Call {phone}. Reply STOP to opt out.',
  },
  es: {
    subject: '¿Es momento de un retoque en {clinic}?',
    months: '{months, plural, one {Ha pasado # mes} other {Han pasado # meses}} desde tu tratamiento de micropigmentación capilar con nosotros.',
    why: 'El pigmento de la SMP está hecho para durar, pero el sol y el tiempo lo suavizan poco a poco: los puntos pierden algo de nitidez y el tono se aclara. Es normal y le pasa a todo el mundo.',
    session: 'Una sesión corta de retoque repone el pigmento y mantiene tu línea del cabello y la densidad con un aspecto definido. Dura mucho menos que tus primeras sesiones.',
    sun: 'Mientras tanto, un protector solar de factor 50 o más, o una gorra, en los días de sol es la mejor forma de frenar el desgaste.',
    bookOnline: 'Reserva tu retoque en línea: ',
    call: 'O llámanos al {phone}.',
    footer: 'Recibes este correo por tu micropigmentación capilar en {clinic}. Para dejar de recibir estos recordatorios, date de baja aquí: ',
    smsHi: '¡Hola, {name}! ',
    smsFull: '{hi}{months, plural, one {Ha pasado # mes} other {Han pasado # meses}} desde tu tratamiento SMP: el sol y el tiempo suavizan el pigmento, y un retoque mantiene tu resultado definido. Reserva: {url} o llama al {phone}. Responde PARAR para darte de baja.',
    smsShort: '{hi}¿Hora de un retoque de SMP? Mantiene tu resultado definido. Reserva: {url} o llama al {phone}. Responde PARAR para darte de baja.',
    smsLean: '{hi}¿Hora de un retoque de SMP? Llama al {phone}. Responde PARAR para darte de baja.',
  },
};

const t = translator(CATALOG);
// The text's wording in GSM-7 letters (docs/languages.md); the email keeps every accent.
const ts = translator(smsSpelled(CATALOG));

/** The reminder's text: the richest wording that fits, the first name and the full clinic name kept longest. */
function touchUpSms(ctx: TouchUpContext, lang: Language): string {
  const v = contactValuesOf(ctx);
  const name = smsFriendly(v.name);
  const phone = smsFriendly(v.phone);
  const his = name ? [ts(lang, 'smsHi', { name }), ''] : [''];
  // Without a booking link, or without email to carry the details, the phone is what they need.
  const keys: Key[] = v.url ? ['smsFull', 'smsShort', 'smsLean'] : ['smsLean'];
  const clinics = [smsFriendly(v.clinic), ...[32, 24, 16].map((max) => shortenName(smsFriendly(v.clinic), max))];
  const compose = (key: Key, hi: string, clinic: string) =>
    `${demoPrefix(ctx.demo)}${clinic}: ${ts(lang, key, { hi, months: ctx.months, url: v.url, phone })}`;
  for (const clinic of clinics) {
    for (const key of keys) {
      for (const hi of his) {
        const text = compose(key, hi, clinic);
        if (fitsSms(text)) return text;
      }
    }
  }
  return cutToFit(compose('smsLean', '', shortenName(smsFriendly(v.clinic), 10)));
}

export function renderTouchUp(ctx: TouchUpContext): ClientMessage {
  const lang = ctx.locale ?? DEFAULT_LANGUAGE;
  const v = contactValuesOf(ctx);
  const subject = `${demoPrefix(ctx.demo)}${t(lang, 'subject', { clinic: v.clinic })}`;
  const book: Block[] = v.url ? [p(t(lang, 'bookOnline'), link(v.url)), p(t(lang, 'call', { phone: v.phone }))] : [p(t(lang, 'call', { phone: v.phone }))];
  const blocks: Block[] = [
    greeting(v, lang),
    p(t(lang, 'months', { months: ctx.months })),
    p(t(lang, 'why')),
    p(t(lang, 'session')),
    ...book,
    p(t(lang, 'sun')),
    signOff(v, lang),
    ...(ctx.unsubscribeUrl ? [p(t(lang, 'footer', { clinic: v.clinic }), link(ctx.unsubscribeUrl))] : []),
  ];
  return {
    sms: touchUpSms(ctx, lang),
    email: { subject, text: renderText(blocks), html: renderHtml(subject, blocks, lang) },
  };
}
