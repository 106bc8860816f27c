/**
 * The welcome email's postscript about the calendar: the healing dates are attached as an .ics
 * file (the send activity attaches it), and the session's own address lets a phone subscribe, so
 * a booking made later shows up by itself. Only the welcome carries it, and only when the activity
 * knows the address (it holds the signing key); the preview and older runs show nothing.
 */
import { DEFAULT_LANGUAGE, translator, type Catalog } from '../i18n';
import type { ClientStepId, MessageContext } from './context';
import { link, p, type Block } from './email-document';

type CalendarLineKey = 'attached' | 'subscribe';

const CATALOG: Catalog<CalendarLineKey> = {
  en: {
    attached: 'P.S. Your healing dates are attached as a calendar file (.ics): open it to add them to your calendar.',
    subscribe: 'To add them to your phone’s calendar and keep them up to date (your next appointment included, once it is booked), subscribe to: ',
  },
  es: {
    attached: 'P.D.: Las fechas de tu cicatrización van adjuntas en un archivo de calendario (.ics): ábrelo para añadirlas a tu calendario.',
    subscribe: 'Para añadirlas al calendario de tu móvil y tenerlas siempre al día (también tu próxima cita, cuando la reserves), suscríbete en: ',
  },
};

const t = translator(CATALOG);

export function calendarLine(step: ClientStepId, ctx: MessageContext): Block[] {
  if (step !== 'welcome' || !ctx.calendarUrl) return [];
  const language = ctx.locale ?? DEFAULT_LANGUAGE;
  return [p(t(language, 'attached')), p(t(language, 'subscribe'), link(ctx.calendarUrl))];
}
