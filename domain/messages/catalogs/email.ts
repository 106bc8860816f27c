/**
 * The words of the client's emails, per step, in every language (./email lays them out). The
 * care rules themselves are in ./care-facts. The Spanish speaks to the client as tú.
 */
import type { Catalog } from '../../i18n';

type EmailKey =
  | 'greeting'
  | 'greeting.anonymous'
  | 'closing.help'
  | 'closing.regards'
  | 'closing.phone'
  | 'closing.book'
  | 'done.single'
  | 'done.last'
  | 'done.of'
  | 'timeline.day'
  | 'timeline.days'
  | 'timeline.here'
  | 'timeline.session'
  | 'timeline.days-1-4'
  | 'timeline.days-5-7'
  | 'timeline.days-8-14'
  | 'timeline.book'
  | 'timeline.day-15'
  | 'timeline.one-month'
  | 'welcome.subject'
  | 'welcome.heading.now'
  | 'welcome.heading.today'
  | 'welcome.care'
  | 'welcome.expect'
  | 'welcome.timeline'
  | 'welcome.startsToday'
  | 'welcome.more'
  | 'phase.intro.days-1-4'
  | 'phase.intro.days-5-7'
  | 'phase.intro.days-8-14'
  | 'phase.subject'
  | 'phase.heading'
  | 'phase.heading.until'
  | 'phase.end'
  | 'book.subject'
  | 'book.now'
  | 'book.online'
  | 'book.talk'
  | 'book.meanwhile'
  | 'nudge.subject'
  | 'nudge.lead'
  | 'nudge.call'
  | 'nudge.booked'
  | 'day15.subject'
  | 'day15.lead'
  | 'day15.heading'
  | 'month.subject'
  | 'month.lead'
  | 'appointment.subject'
  | 'appointment.subject.soon'
  | 'appointment.on'
  | 'appointment.soon'
  | 'appointment.reschedule';

export const EMAIL: Catalog<EmailKey> = {
  en: {
    greeting: 'Hi {name},',
    'greeting.anonymous': 'Hi there,',
    'closing.help': "Questions about your healing, or something doesn't look right? Call us at {phone}. We're happy to help.",
    'closing.regards': 'Warm regards,',
    'closing.phone': 'Phone: ',
    'closing.book': 'Book online: ',
    'done.single': 'Thank you for coming to {clinic} for your scalp micropigmentation session.',
    'done.last': 'Thank you for coming to {clinic} for session {n} of {planned}, the last planned session of your scalp micropigmentation.',
    'done.of':
      'Thank you for coming to {clinic} for session {n} of your {planned, plural, one {# planned scalp micropigmentation session} other {# planned scalp micropigmentation sessions}}.',
    'timeline.day': 'day {day}',
    'timeline.days': 'days {from}-{to}',
    'timeline.here': ' (you are here)',
    'timeline.session': '{when}: session {n}{today, select, yes { (today)} other {}}; keep your head dry from this day on',
    'timeline.days-1-4': '{when}: keep it dry and leave it alone{here}',
    'timeline.days-5-7': '{when}: gentle cleaning only, no heavy sweat and no sun{here}',
    'timeline.days-8-14': '{when}: scabs form; hands off{here}',
    'timeline.book': '{when}: time to book session {next}',
    'timeline.day-15': '{when}: healed enough for your daily routine; long-term care begins{here}',
    'timeline.one-month': '{when}: the minimum month away from pools, saunas and steam rooms is over; check with your technician before going back{here}',
    'welcome.subject': '{clinic}: your aftercare guide for session {n}',
    'welcome.heading.now': 'What to do now: {title}{dates}',
    'welcome.heading.today': 'What to do from today to day {last}{dates}',
    'welcome.care': 'Good aftercare is part of the treatment: how you look after your scalp while it heals shapes the final result.',
    'welcome.expect': 'What to expect',
    'welcome.timeline': 'Your healing timeline at a glance',
    'welcome.startsToday': 'These rules start today, the day of your session: your head stays dry from now on.',
    'welcome.more': 'We will send you a short reminder with the right tips as each new stage begins.',
    'phase.intro.days-1-4': 'The first stage of healing starts today.',
    'phase.intro.days-5-7': 'You are through the first four days. Here is what matters for the next three.',
    'phase.intro.days-8-14': 'You are into the second week of healing.',
    'phase.subject': '{clinic}: your aftercare for days {from}-{to}',
    'phase.heading': 'Days {from} to {to}',
    'phase.heading.until': 'Days {from} to {to} (until {until})',
    'phase.end': 'Sticking to these few rules now protects the result of your session.',
    'book.subject': '{clinic}: time to book session {next}',
    'book.now': 'Now is a good time to book session {next} of your {planned}, so a date is set for when your scalp has healed from session {n}.',
    'book.online': 'Book online: ',
    'book.talk': 'Prefer to talk it through? Call us at {phone} and we will find a time that suits you.',
    'book.meanwhile': 'Until day {day}, keep following your current aftercare tips.',
    'nudge.subject': '{clinic}: a gentle reminder to book session {next}',
    'nudge.lead': 'Just a gentle reminder: session {next} is not booked yet. Whenever you are ready, pick a time online or give us a call.',
    'nudge.call': 'Call us: {phone}',
    'nudge.booked': 'Already booked? Then please ignore this message.',
    'day15.subject': '{clinic}: you are healed enough for your daily routine',
    'day15.lead': 'Good news: two weeks on, your healing is well along.',
    'day15.heading': 'Back to your routine',
    'month.subject': '{clinic}: one month on, your long-term aftercare',
    'month.lead': 'Well done for looking after your scalp this past month.',
    'appointment.subject': '{clinic}: your appointment on {at}',
    'appointment.subject.soon': '{clinic}: your upcoming appointment',
    'appointment.on': 'This is a friendly reminder of your next appointment at {clinic}: {at}.',
    'appointment.soon': 'This is a friendly reminder that your next appointment at {clinic} is coming up soon.',
    'appointment.reschedule': 'If you need to reschedule, please call us at {phone} as soon as you can.',
  },
  es: {
    greeting: 'Hola, {name}:',
    'greeting.anonymous': '¡Hola!',
    'closing.help': '¿Tienes dudas sobre la curación, o algo no se ve bien? Llámanos al {phone}. Te ayudaremos con gusto.',
    'closing.regards': 'Un saludo cordial,',
    'closing.phone': 'Teléfono: ',
    'closing.book': 'Reserva en línea: ',
    'done.single': 'Gracias por venir a {clinic} para tu sesión de micropigmentación capilar.',
    'done.last': 'Gracias por venir a {clinic} para la sesión {n} de {planned}, la última prevista de tu micropigmentación capilar.',
    'done.of':
      'Gracias por venir a {clinic} para la sesión {n} de {planned, plural, one {la # sesión prevista} other {las # sesiones previstas}} de tu micropigmentación capilar.',
    'timeline.day': 'día {day}',
    'timeline.days': 'días {from}-{to}',
    'timeline.here': ' (estás aquí)',
    'timeline.session': '{when}: sesión {n}{today, select, yes { (hoy)} other {}}; desde este día, la cabeza siempre seca',
    'timeline.days-1-4': '{when}: mantenla seca y no la toques{here}',
    'timeline.days-5-7': '{when}: solo limpieza suave, sin sudar mucho y sin sol{here}',
    'timeline.days-8-14': '{when}: se forman costras; no las toques{here}',
    'timeline.book': '{when}: hora de reservar la sesión {next}',
    'timeline.day-15': '{when}: ya puedes volver a tu rutina diaria; empiezan los cuidados a largo plazo{here}',
    'timeline.one-month':
      '{when}: se cumple el mes mínimo lejos de piscinas, saunas y baños de vapor; consulta con tu especialista antes de volver{here}',
    'welcome.subject': '{clinic}: tu guía de cuidados para la sesión {n}',
    'welcome.heading.now': 'Qué hacer ahora: {title}{dates}',
    'welcome.heading.today': 'Qué hacer desde hoy hasta el día {last}{dates}',
    'welcome.care': 'Los cuidados son parte del tratamiento: cómo cuides tu cuero cabelludo mientras sana marca el resultado final.',
    'welcome.expect': 'Qué esperar',
    'welcome.timeline': 'Tu calendario de curación de un vistazo',
    'welcome.startsToday': 'Estas pautas empiezan hoy, el día de tu sesión: desde ahora, la cabeza siempre seca.',
    'welcome.more': 'Te enviaremos un breve recordatorio con los consejos adecuados cuando empiece cada nueva etapa.',
    'phase.intro.days-1-4': 'Hoy empieza la primera etapa de la curación.',
    'phase.intro.days-5-7': 'Ya pasaste los primeros cuatro días. Esto es lo que importa en los tres siguientes.',
    'phase.intro.days-8-14': 'Ya estás en la segunda semana de curación.',
    'phase.subject': '{clinic}: tus cuidados para los días {from}-{to}',
    'phase.heading': 'Días {from} a {to}',
    'phase.heading.until': 'Días {from} a {to} (hasta el {until})',
    'phase.end': 'Seguir estas pocas pautas ahora protege el resultado de tu sesión.',
    'book.subject': '{clinic}: es hora de reservar la sesión {next}',
    'book.now': 'Es un buen momento para reservar la sesión {next} de {planned}, así tendrás fecha para cuando tu cuero cabelludo haya sanado de la sesión {n}.',
    'book.online': 'Reserva en línea: ',
    'book.talk': '¿Prefieres hablarlo? Llámanos al {phone} y buscaremos un horario que te venga bien.',
    'book.meanwhile': 'Hasta el día {day}, sigue con tus cuidados actuales.',
    'nudge.subject': '{clinic}: un recordatorio para reservar la sesión {next}',
    'nudge.lead': 'Solo un recordatorio amable: la sesión {next} aún no está reservada. Cuando quieras, elige un horario en línea o llámanos.',
    'nudge.call': 'Llámanos: {phone}',
    'nudge.booked': '¿Ya reservaste? Entonces no hagas caso de este mensaje.',
    'day15.subject': '{clinic}: ya puedes volver a tu rutina diaria',
    'day15.lead': 'Buenas noticias: tras dos semanas, tu curación va muy bien.',
    'day15.heading': 'De vuelta a tu rutina',
    'month.subject': '{clinic}: al mes, tus cuidados a largo plazo',
    'month.lead': 'Bien hecho: has cuidado tu cuero cabelludo durante todo este mes.',
    'appointment.subject': '{clinic}: tu cita del {at}',
    'appointment.subject.soon': '{clinic}: tu próxima cita',
    'appointment.on': 'Te recordamos tu próxima cita en {clinic}: {at}.',
    'appointment.soon': 'Te recordamos que tu próxima cita en {clinic} es muy pronto.',
    'appointment.reschedule': 'Si necesitas cambiarla, llámanos al {phone} lo antes posible.',
  },
};
