/**
 * What the webhook answers a client's text with, straight back as TwiML: HELP, the short
 * acknowledgement of BOOK or a text that is not urgent, the urgent answer when no clinic is known,
 * and the confirmation of an opt-out or opt-in word Twilio does not know (it confirms its own).
 * All the texter is known by is their number, so its country decides how the clinic's phone is
 * written; the language is the caller's choice (the plan's, else the text's own).
 *
 * Every answer is one text of plain GSM-7 in every language (the Spanish avoids á, í, ó and ú,
 * which would halve a segment), so it fits two segments even with a long clinic name.
 */
import { translator, type Catalog, type Language } from '../i18n';
import { KEYWORDS } from '../inbound-keywords';
import { readablePhone } from '../phone';

/** The clinic a text went to, as far as its answer needs it. */
export interface AnsweringClinic {
  name: string;
  phone: string;
}

type Key =
  | 'helpWithClinic'
  | 'helpWithoutClinic'
  | 'stopAndStart'
  | 'bookNoted'
  | 'messageNoted'
  | 'callSooner'
  | 'yourClinic'
  | 'urgentWithoutClinic'
  | 'optedOut'
  | 'optedIn';

const CATALOG: Catalog<Key> = {
  en: {
    helpWithClinic: '{clinic}: aftercare texts after your treatment. Questions or to book, call {phone}. {stopAndStart}',
    helpWithoutClinic: 'Aftercare texts from your clinic after your treatment. {stopAndStart}',
    stopAndStart: 'Reply {stop} to stop these texts, {start} to get them again.',
    bookNoted: "Thanks! We've told {who} you'd like to book; they'll be in touch to find a time.{call}",
    messageNoted: 'Thanks, {who} has your message and will get back to you if needed.{call}',
    callSooner: ' If you need us sooner, call {phone}.',
    yourClinic: 'your clinic',
    urgentWithoutClinic:
      'Thank you for telling us. Your message has been passed on. If it is getting worse or you feel unwell, please get medical care now; do not wait for a call back.',
    optedOut: 'Done: you will get no more aftercare texts from us. Reply {start} to get them again.',
    optedIn: 'Done: your aftercare texts start again if you agreed to them. Reply {stop} to stop them.',
  },
  es: {
    helpWithClinic: '{clinic}: mensajes de cuidado tras tu tratamiento. Para dudas o para pedir cita, llama al {phone}. {stopAndStart}',
    helpWithoutClinic: 'Mensajes de cuidado de tu centro tras tu tratamiento. {stopAndStart}',
    stopAndStart: 'Responde {stop} para dejar de recibirlos, {start} para volver a recibirlos.',
    bookNoted: '¡Gracias! Hemos avisado a {who} de que quieres pedir cita. Te van a contactar para buscar fecha.{call}',
    messageNoted: 'Gracias, {who} tiene tu mensaje y te va a responder si hace falta.{call}',
    callSooner: ' Si nos necesitas antes, llama al {phone}.',
    yourClinic: 'tu centro',
    urgentWithoutClinic:
      'Gracias por avisarnos. Tu mensaje ya se ha pasado al equipo. Si empeora o te encuentras mal, ve a un médico o a urgencias ahora; no esperes a que te llamen.',
    optedOut: 'Hecho: dejamos de enviarte mensajes de cuidado por SMS. Responde {start} para volver a recibirlos.',
    optedIn: 'Hecho: vuelves a recibir los mensajes de cuidado por SMS si nos diste tu permiso. Responde {stop} para dejar de recibirlos.',
  },
};

const t = translator(CATALOG);

/** The opt-out and opt-in words a text names, in the language it is written in. */
const keywordValues = (language: Language) => ({ stop: KEYWORDS[language]['opt-out'][0]!, start: KEYWORDS[language]['opt-in'][0]! });

export function helpAnswer(clinic: AnsweringClinic | undefined, texterRegion: string | undefined, language: Language = 'en'): string {
  const stopAndStart = t(language, 'stopAndStart', keywordValues(language));
  if (!clinic) return t(language, 'helpWithoutClinic', { stopAndStart });
  return t(language, 'helpWithClinic', { clinic: clinic.name, phone: readablePhone(clinic.phone, texterRegion), stopAndStart });
}

/** It reached someone, and who to call meanwhile. */
export function acknowledgement(
  kind: 'wants-to-book' | 'message',
  clinic: AnsweringClinic | undefined,
  texterRegion: string | undefined,
  language: Language = 'en',
): string {
  const call = clinic ? t(language, 'callSooner', { phone: readablePhone(clinic.phone, texterRegion) }) : '';
  const who = clinic ? clinic.name : t(language, 'yourClinic');
  return t(language, kind === 'wants-to-book' ? 'bookNoted' : 'messageNoted', { who, call });
}

/** An urgent text when not even the clinic is known: no name or phone to give, only the care advice. */
export function urgentAnswerWithoutClinic(language: Language): string {
  return t(language, 'urgentWithoutClinic');
}

/** The English urgent answer without a clinic (older callers). */
export const URGENT_ANSWER_WITHOUT_CLINIC = urgentAnswerWithoutClinic('en');

/**
 * The confirmation of an opt-out or opt-in word Twilio does not handle itself (a Spanish one): the
 * client hears that it worked, and the word that undoes it.
 */
export function keywordConfirmation(intent: 'opt-out' | 'opt-in', language: Language): string {
  return t(language, intent === 'opt-out' ? 'optedOut' : 'optedIn', keywordValues(language));
}
