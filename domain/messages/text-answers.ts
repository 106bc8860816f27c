/**
 * What the webhook answers a client's text with, straight back as TwiML: HELP, and the short
 * acknowledgement of BOOK or a text that is not urgent. All the texter is known by is their
 * number, so its country decides how the clinic's phone is written.
 */
import { readablePhone } from '../phone';

/** The clinic a text went to, as far as its answer needs it. */
export interface AnsweringClinic {
  name: string;
  phone: string;
}

const STOP_AND_START = 'Reply STOP to stop these texts, START to get them again.';

export function helpAnswer(clinic: AnsweringClinic | undefined, texterRegion: string | undefined): string {
  if (!clinic) return `Aftercare texts from your clinic after your treatment. ${STOP_AND_START}`;
  return `${clinic.name}: aftercare texts after your treatment. Questions or to book, call ${readablePhone(clinic.phone, texterRegion)}. ${STOP_AND_START}`;
}

/** It reached someone, and who to call meanwhile. */
export function acknowledgement(kind: 'wants-to-book' | 'message', clinic: AnsweringClinic | undefined, texterRegion: string | undefined): string {
  const call = clinic ? ` If you need us sooner, call ${readablePhone(clinic.phone, texterRegion)}.` : '';
  const who = clinic ? clinic.name : 'your clinic';
  return kind === 'wants-to-book'
    ? `Thanks! We've told ${who} you'd like to book; they'll be in touch to find a time.${call}`
    : `Thanks, ${who} has your message and will get back to you if needed.${call}`;
}

/** An urgent text when not even the clinic is known: no name or phone to give. */
export const URGENT_ANSWER_WITHOUT_CLINIC =
  'Thank you for telling us. Your message has been passed on. If it is getting worse or you feel unwell, please get medical care now; do not wait for a call back.';
