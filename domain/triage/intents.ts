/**
 * What a reply that is not urgent wants: to book (or move, or cancel) an appointment, to ask a
 * question, or nothing (thanks, ok, an emoji). Phrases in the language of ./phrases.ts.
 */

export const BOOKING_PHRASES: readonly string[] = [
  'book|booking|booked|rebook|rebooking|reschedule|rescheduling|rescheduled|appointment|appointments|appt|appts',
  'move|change|push|bring|shift|switch|swap my|the|our|this|that? appointment|session|booking|date|slot|visit',
  'cancel|cancelling|canceling|cancelled|canceled my|the|our|this|that? appointment|session|booking|visit|next',
  'next|second|third|2nd|3rd|final|another|followup|touchup session|sessions|appointment|visit|sitting',
  'follow|touch|top up session|appointment|visit',
  'touch|top up|ups',
  'session 2|3|two|three',
  'come|pop|drop|swing|stop in|by',
  'come back in|for',
  'any|your|an|a slots|slot|openings|opening|availability|spaces|space',
  'availability',
  'schedule my|the|a|an|another|next? session|appointment|visit|touch',
  'are you open|available|free',
  'cita|citas|reservar|agendar|reprogramar|reagendar',
  'proxima|segunda|tercera sesion',
  'cambiar|cancelar|mover ... cita|sesion',
  'cambiar|mover la? fecha|hora|dia',
  'hueco|huecos|disponibilidad|turno|turnos',
];

/** A sentence starting with one of these is a question, even without a question mark. */
export const QUESTION_OPENERS: readonly string[] = [
  'how', 'hows', 'can', 'could', 'when', 'whens', 'is', 'isnt', 'are', 'arent', 'should', 'shall', 'what', 'whats',
  'why', 'will', 'would', 'do', 'does', 'did', 'may', 'might', 'am', 'where', 'wheres', 'which', 'who', 'whos',
  'any', 'anything', 'was', 'were', 'must',
  'como', 'cuando', 'puedo', 'puede', 'debo', 'es', 'que', 'cuanto', 'cuantos', 'cual', 'donde', 'hay',
];

/** These make a question wherever they stand. */
export const QUESTION_PHRASES: readonly string[] = [
  'is|was it|this|that normal|ok|okay|alright|fine|safe|expected|common|usual|bad',
  'normal to|that|for|if',
  'is|will it|this|that be? a|an problem|issue',
  'wondering|wonder|question|advice',
  'es normal',
  'una pregunta|duda',
];

/** Thanks, agreement, a friendly emoji: `other`, with these named in `matched`. */
export const OTHER_PHRASES: readonly string[] = [
  'thank you|u',
  'thanks|thank|thx|thanx|ty|tysm|cheers|appreciate|appreciated|grateful',
  'love it|this|that|the|them',
  'ok|okay|k|kk|okey|alright|great|cool|perfect|awesome|nice|lovely|brilliant|amazing|wonderful|fantastic|excellent|super',
  'got it',
  'noted|understood|yes|yep|yeah|yup|sure|fine|good|done',
  'will do',
  'sounds good|great',
  'all good',
  'no worries|problem',
  'np',
  '👍|🙏|❤|😊|🙂|👌|😀|😁|🥰|💯|🙌|😍|☺|✅|👏|😃|😄|💪|🤝|✨',
  'gracias|vale|perfecto|genial|entendido|listo|bien|claro',
  'de acuerdo',
];
