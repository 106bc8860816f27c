/**
 * The words of the calendar's events, in every language the messages are written in: what each
 * healing phase asks of the client (care-protocol.md, in our own words), the booked session, and
 * the subscribed calendar's name. Events never carry a phone number or an email address: a
 * calendar is shared and synced far more widely than an inbox.
 */
import type { Catalog } from '../i18n';

export type CalendarKey =
  | 'days-1-4.title'
  | 'days-1-4.description'
  | 'days-5-7.title'
  | 'days-5-7.description'
  | 'days-8-14.title'
  | 'days-8-14.description'
  | 'day-15.title'
  | 'day-15.description'
  | 'first-month.title'
  | 'first-month.description'
  | 'appointment.title'
  | 'appointment.description'
  | 'calendar.name';

export const CALENDAR_CATALOG: Catalog<CalendarKey> = {
  en: {
    'days-1-4.title': 'Aftercare days 1-4: keep your scalp dry',
    'days-1-4.description':
      '{clinic}, session {session}. Keep your head completely dry. Don’t scratch, shave or even touch your scalp, however much it itches. A soft, loose hat is fine.',
    'days-5-7.title': 'Aftercare days 5-7: gently, and no sun',
    'days-5-7.description':
      '{clinic}, session {session}. No heavy sweating and no intense workouts. No shampoo or scrubbing: dab your scalp clean with a fresh, wet cloth. Stay out of the sun and other UV light. Hands off, and drink plenty of water.',
    'days-8-14.title': 'Aftercare days 8-14: leave the scabs alone',
    'days-8-14.description':
      '{clinic}, session {session}. Don’t touch or pick the scabs. Nothing with alcohol or alpha-hydroxy acids (AHAs); only the ointment your technician recommended, in a very thin film. You may shave or cut your hair now. Wash gently with a wet cloth and fragrance-free soap.',
    'day-15.title': 'Healed enough for your daily routine',
    'day-15.description':
      '{clinic}, session {session}. From today: sunscreen above factor 50 or a hat, moisturise after showering and before bed, and keep clear of products with alcohol or AHAs.',
    'first-month.title': 'No pools, saunas or steam rooms; no sun on your scalp',
    'first-month.description':
      '{clinic}, session {session}. For at least a month after your session: no chlorinated pools, saunas or steam rooms, and keep UV off your scalp. Check with your technician before you go back to them.',
    'appointment.title': 'Session {next}: scalp micropigmentation at {clinic}',
    'appointment.description': 'Your next scalp micropigmentation session at {clinic}. To move it, contact the clinic.',
    'calendar.name': 'Aftercare: {clinic}',
  },
  es: {
    'days-1-4.title': 'Cuidados días 1-4: cuero cabelludo seco',
    'days-1-4.description':
      '{clinic}, sesión {session}. Mantén la cabeza completamente seca. No te rasques, no te afeites y no te toques el cuero cabelludo, aunque pique. Puedes llevar una gorra suave y holgada.',
    'days-5-7.title': 'Cuidados días 5-7: con suavidad y sin sol',
    'days-5-7.description':
      '{clinic}, sesión {session}. Evita sudar mucho y los entrenamientos intensos. Nada de champú ni de frotar: limpia el cuero cabelludo con toques de un paño limpio y húmedo. No tomes el sol ni otra luz UV. No te toques y bebe mucha agua.',
    'days-8-14.title': 'Cuidados días 8-14: no toques las costras',
    'days-8-14.description':
      '{clinic}, sesión {session}. No toques ni arranques las costras. Nada con alcohol ni alfahidroxiácidos (AHA); solo la pomada que te recomendó tu técnico, en una capa muy fina. Ya puedes afeitarte o cortarte el pelo. Lávate con suavidad con un paño húmedo y jabón sin perfume.',
    'day-15.title': 'Ya puedes volver a tu rutina diaria',
    'day-15.description':
      '{clinic}, sesión {session}. Desde hoy: protector solar de factor superior a 50 o una gorra, hidrata después de la ducha y antes de dormir, y evita los productos con alcohol o AHA.',
    'first-month.title': 'Sin piscinas, saunas ni baños de vapor; sin sol en el cuero cabelludo',
    'first-month.description':
      '{clinic}, sesión {session}. Durante al menos un mes después de tu sesión: nada de piscinas con cloro, saunas ni baños de vapor, y protege el cuero cabelludo de la luz UV. Consulta a tu técnico antes de volver a ellos.',
    'appointment.title': 'Sesión {next}: micropigmentación capilar en {clinic}',
    'appointment.description': 'Tu próxima sesión de micropigmentación capilar en {clinic}. Para cambiarla, ponte en contacto con la clínica.',
    'calendar.name': 'Cuidados: {clinic}',
  },
};
