/**
 * The email that carries an updated calendar file when the next session is booked, moved or
 * cancelled (workflows/calendar-updates.ts). Email only: the file is the point, and a text cannot
 * carry it. The appointment's time is written in the client's language and zone.
 */
import { DateTime } from 'luxon';
import { DEFAULT_LANGUAGE, translator, type Catalog, type Language } from '../i18n';
import type { MessageContext } from './context';
import { demoPrefix } from './context';
import { link, p, renderHtml, renderText, type Block } from './email-document';
import { unsubscribeFooter } from './unsubscribe-footer';
import { contactValuesOf } from './values';

export type CalendarChange = 'booked' | 'cancelled';

type Key =
  | 'booked.subject'
  | 'booked.body'
  | 'cancelled.subject'
  | 'cancelled.body'
  | 'greeting'
  | 'file'
  | 'questions'
  | 'signature'
  | 'book-online';

const CATALOG: Catalog<Key> = {
  en: {
    'booked.subject': '{clinic}: session {next} is in your calendar',
    'booked.body': 'Your session {next} at {clinic} is booked for {when}.',
    'cancelled.subject': '{clinic}: session {next} is cancelled',
    'cancelled.body': 'Your session {next} at {clinic} on {when} is cancelled.',
    greeting: '{hasName, select, yes {Hi {name},} other {Hi there,}}',
    file: 'The attached calendar file (.ics) updates your calendar: open it if your calendar does not do so by itself.',
    questions: 'Questions, or need another time? Call us at {phone}.',
    signature: 'Warm regards,',
    'book-online': 'Book online: ',
  },
  es: {
    'booked.subject': '{clinic}: la sesión {next} ya está en tu calendario',
    'booked.body': 'Tu sesión {next} en {clinic} está reservada para el {when}.',
    'cancelled.subject': '{clinic}: la sesión {next} está cancelada',
    'cancelled.body': 'Tu sesión {next} en {clinic} del {when} está cancelada.',
    greeting: '{hasName, select, yes {Hola, {name}:} other {Hola:}}',
    file: 'El archivo de calendario adjunto (.ics) actualiza tu calendario: ábrelo si tu calendario no lo hace solo.',
    questions: '¿Tienes preguntas o necesitas otra hora? Llámanos al {phone}.',
    signature: 'Un saludo cordial,',
    'book-online': 'Reserva en línea: ',
  },
};

const t = translator(CATALOG);

/** "Friday, April 3 at 2:30 PM" / "viernes, 3 de abril, 14:30", in the client's zone. */
export function appointmentWhen(appointmentAt: string, timezone: string, language: Language): string {
  return DateTime.fromISO(appointmentAt, { zone: timezone })
    .setLocale(language)
    .toLocaleString({ weekday: 'long', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit' });
}

/**
 * The update's email: `appointmentAt` is the booked time, or for a cancel the time that was
 * booked. The calendar file itself is attached by the activity.
 */
export function calendarUpdateEmail(change: CalendarChange, appointmentAt: string, ctx: MessageContext): { subject: string; text: string; html: string } {
  const language = ctx.locale ?? DEFAULT_LANGUAGE;
  const v = contactValuesOf(ctx);
  const values = { clinic: v.clinic, next: ctx.sessionNumber + 1, when: appointmentWhen(appointmentAt, ctx.timezone, language) };
  const subject = `${demoPrefix(ctx.demo)}${t(language, `${change}.subject`, values)}`;
  const blocks: Block[] = [
    p(t(language, 'greeting', { hasName: v.name ? 'yes' : 'no', name: v.name })),
    p(t(language, `${change}.body`, values)),
    p(t(language, 'file')),
    p(t(language, 'questions', { phone: v.phone })),
    ...(change === 'cancelled' && v.url ? [p(t(language, 'book-online'), link(v.url))] : []),
    p(t(language, 'signature'), ` ${v.clinic}`),
    ...unsubscribeFooter(ctx.unsubscribeUrl, language),
  ];
  return { subject, text: renderText(blocks), html: renderHtml(subject, blocks, language) };
}
