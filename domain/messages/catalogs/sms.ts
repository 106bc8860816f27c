/**
 * The words of the client's text messages, per step, in every language (./sms puts them in
 * order of richness). English stays GSM-7 (plain ' for an apostrophe). The keywords a client can
 * reply with are the ones the webhook recognises in that language: STOP/HELP/BOOK, PARAR/AYUDA/CITA.
 */
import type { Catalog } from '../../i18n';

type SmsKey =
  | 'stop'
  | 'stop.short'
  | 'tips.email'
  | 'tips.phone'
  | 'timeline'
  | 'welcome.start'
  | 'book.full'
  | 'book.short'
  | 'book.short.noReply'
  | 'book.bare'
  | 'book.bare.noReply'
  | 'book.lean'
  | 'book.lean.email'
  | 'nudge.full'
  | 'nudge.short'
  | 'nudge.short.noReply'
  | 'nudge.bare'
  | 'nudge.bare.noReply'
  | 'nudge.lean'
  | 'appointment.on'
  | 'appointment.soon'
  | 'appointment.lean.on'
  | 'appointment.lean.soon';

export const SMS: Catalog<SmsKey> = {
  en: {
    stop: 'Reply STOP to opt out, HELP for help.',
    'stop.short': 'Reply STOP to opt out.',
    'tips.email': 'Your aftercare tips are in your email.',
    'tips.phone': 'Aftercare questions? Call {phone}.',
    timeline: ' Full timeline in your email.',
    'welcome.start': 'Your aftercare starts here.',
    'book.full': "{hi}It's time to book session {next}. {facts} Book: {url} or call {phone}. Or reply BOOK and we'll call you.",
    'book.short': "{hi}Time to book session {next}. {facts} Book: {url} or call {phone}. Or reply BOOK and we'll call you.",
    'book.short.noReply': '{hi}Time to book session {next}. {facts} Book: {url} or call {phone}.',
    'book.bare': "{hi}It's time to book session {next}: {url} or call {phone}. Or reply BOOK and we'll call you.",
    'book.bare.noReply': '{hi}Time to book session {next}: {url} or call {phone}.',
    'book.lean': '{hi}Time to book session {next}: call {phone}.',
    'book.lean.email': '{hi}Time to book session {next}: call {phone}. Booking link in your email.',
    'nudge.full': "{hi}A gentle reminder to book session {next} when you're ready. {facts} Book: {url} or call {phone}. Or reply BOOK and we'll call you.",
    'nudge.short': "{hi}A gentle reminder to book session {next}. {facts} Book: {url} or call {phone}. Or reply BOOK and we'll call you.",
    'nudge.short.noReply': '{hi}Reminder to book session {next}. {facts} Book: {url} or call {phone}.',
    'nudge.bare': "{hi}A gentle reminder to book session {next} when you're ready: {url} or call {phone}. Or reply BOOK and we'll call you.",
    'nudge.bare.noReply': '{hi}Reminder to book session {next}: {url} or call {phone}.',
    'nudge.lean': '{hi}Reminder to book session {next}: call {phone}.',
    'appointment.on': '{hi}Reminder: your next appointment is on {at}. To reschedule, call {phone}.',
    'appointment.soon': '{hi}Reminder: your next appointment is coming up soon. To reschedule, call {phone}.',
    'appointment.lean.on': '{hi}Your appointment is on {at}. Reschedule: {phone}',
    'appointment.lean.soon': '{hi}Your appointment is coming up soon. Reschedule: {phone}',
  },
  es: {
    stop: 'Responde PARAR para darte de baja, AYUDA para ayuda.',
    'stop.short': 'Responde PARAR para darte de baja.',
    'tips.email': 'Tus consejos de cuidado están en tu correo.',
    'tips.phone': '¿Dudas sobre tus cuidados? Llama al {phone}.',
    timeline: ' Calendario completo en tu correo.',
    'welcome.start': 'Aquí empiezan tus cuidados.',
    'book.full': '{hi}Es hora de reservar la sesión {next}. {facts} Reserva: {url} o llama al {phone}. O responde CITA y te llamamos.',
    'book.short': '{hi}Toca reservar la sesión {next}. {facts} Reserva: {url} o llama al {phone}. O responde CITA y te llamamos.',
    'book.short.noReply': '{hi}Toca reservar la sesión {next}. {facts} Reserva: {url} o llama al {phone}.',
    'book.bare': '{hi}Es hora de reservar la sesión {next}: {url} o llama al {phone}. O responde CITA y te llamamos.',
    'book.bare.noReply': '{hi}Reserva la sesión {next}: {url} o llama al {phone}.',
    'book.lean': '{hi}Reserva la sesión {next}: llama al {phone}.',
    'book.lean.email': '{hi}Reserva la sesión {next}: llama al {phone}. Enlace de reserva en tu correo.',
    'nudge.full': '{hi}Un recordatorio amable para reservar la sesión {next} cuando quieras. {facts} Reserva: {url} o llama al {phone}. O responde CITA y te llamamos.',
    'nudge.short': '{hi}Un recordatorio amable para reservar la sesión {next}. {facts} Reserva: {url} o llama al {phone}. O responde CITA y te llamamos.',
    'nudge.short.noReply': '{hi}Recuerda reservar la sesión {next}. {facts} Reserva: {url} o llama al {phone}.',
    'nudge.bare': '{hi}Un recordatorio amable para reservar la sesión {next} cuando quieras: {url} o llama al {phone}. O responde CITA y te llamamos.',
    'nudge.bare.noReply': '{hi}Recuerda reservar la sesión {next}: {url} o llama al {phone}.',
    'nudge.lean': '{hi}Recuerda reservar la sesión {next}: llama al {phone}.',
    'appointment.on': '{hi}Recordatorio: tu próxima cita es el {at}. Para cambiarla, llama al {phone}.',
    'appointment.soon': '{hi}Recordatorio: tu próxima cita es muy pronto. Para cambiarla, llama al {phone}.',
    'appointment.lean.on': '{hi}Tu cita es el {at}. Cambios: {phone}',
    'appointment.lean.soon': '{hi}Tu cita es muy pronto. Cambios: {phone}',
  },
};
