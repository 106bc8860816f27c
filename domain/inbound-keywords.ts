/**
 * The one-word texts a client can send instead of a message, in every language the messages are
 * written in: opt out (STOP), opt back in (START), ask who is texting (HELP), ask to book (BOOK).
 *
 * Twilio acts on the English opt-out and opt-in words itself (it blocks the number and confirms);
 * it knows none of the Spanish ones, so for those the platform is the only one that stops texting
 * and the only one that can confirm it (the webhook does both).
 *
 * A text is a keyword when, once trimmed of spaces, punctuation and symbols, it is one of these
 * words in any case and with or without its accents ("Parar.", "AYÚDA", "si" all count), so a
 * client whose phone adds or drops an accent is understood the same.
 */
import type { Language } from './i18n';

export type KeywordIntent = 'opt-out' | 'opt-in' | 'help' | 'wants-to-book';
export type InboundIntent = KeywordIntent | 'message';

/** Each language's words, written as a client would; the first of each is the one our texts name. */
export const KEYWORDS: Record<Language, Record<KeywordIntent, readonly string[]>> = {
  en: {
    'opt-out': ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'],
    'opt-in': ['START', 'UNSTOP'],
    help: ['HELP', 'INFO'],
    'wants-to-book': ['BOOK', 'YES'],
  },
  es: {
    'opt-out': ['PARAR', 'ALTO', 'BAJA', 'CANCELAR', 'DETENER', 'DESUSCRIBIR'],
    'opt-in': ['COMENZAR', 'ALTA', 'REANUDAR', 'INICIAR'],
    help: ['AYUDA'],
    'wants-to-book': ['CITA', 'RESERVAR', 'SÍ'],
  },
};

/** The language of the only keywords Twilio acts on itself (and confirms to the client). */
export const TWILIO_KEYWORD_LANGUAGE: Language = 'en';

/** A word as it is compared: upper case, accents dropped. */
const folded = (word: string): string => word.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();

const EDGES = /^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu;

const LOOKUP = new Map<string, { intent: KeywordIntent; language: Language }>();
for (const [language, words] of Object.entries(KEYWORDS) as [Language, Record<KeywordIntent, readonly string[]>][]) {
  for (const [intent, list] of Object.entries(words) as [KeywordIntent, readonly string[]][]) {
    for (const word of list) {
      const key = folded(word);
      const taken = LOOKUP.get(key);
      // A word meaning two things would make a client's STOP depend on which list came first.
      if (taken && taken.intent !== intent) throw new Error(`keyword ${word} is both ${taken.intent} and ${intent}`);
      if (!taken) LOOKUP.set(key, { intent, language });
    }
  }
}

/** The keyword a text is, and the language it is a word of; null for any other text. */
export function inboundKeyword(body: string): { intent: KeywordIntent; language: Language } | null {
  return LOOKUP.get(folded(body.replace(EDGES, ''))) ?? null;
}

/** What a text asks for: a keyword's intent, or `message` for anything else. */
export function inboundIntent(body: string): InboundIntent {
  return inboundKeyword(body)?.intent ?? 'message';
}

/** Every word of an intent in every language, for documentation (`STOP/STOPALL/.../PARAR/...`). */
export function keywordsOf(intent: KeywordIntent): string[] {
  return Object.values(KEYWORDS).flatMap((words) => [...words[intent]]);
}
