/**
 * Triage of a client's reply (after the STOP, START and HELP keywords, which are not triaged).
 * Pure and data-driven: the words live in ./signs.ts, ./harmless.ts, ./intents.ts,
 * ./negation-cues.ts, ./clause-cues.ts and ./spelling.ts; this file only decides, in this order:
 *   urgent    any sentence names a complication sign the client did not take back, asked or not
 *             (recall first: a missed complication costs far more than a call);
 *   booking   it asks to book, move or cancel an appointment;
 *   question  a sentence is asked ("?", a question word first, "is it normal...");
 *   other     thanks, ok, an emoji, or nothing we know.
 * `matched` quotes the words that decided, as the client typed them.
 */
import { clauseStarts } from './clauses';
import { LEXICON } from './lexicon';
import { negatedSigns, type SentenceWords } from './negation';
import { QUESTION_OPENERS } from './intents';
import { findPhrases, type Phrase, type Span } from './phrases';
import { spell } from './spell';
import { tokenize, type TypedSentence, type TypedWord } from './tokenize';
import type { Triage } from './types';

const OPENERS = new Set(QUESTION_OPENERS);

interface Sentence extends SentenceWords {
  typed: TypedWord[];
  asked: boolean;
  exclaimed: boolean;
}

function read(sentence: TypedSentence): Sentence {
  const words = sentence.words.map((w) => spell(w.text));
  const commaAfter = sentence.words.map((w) => w.commaAfter);
  return {
    typed: sentence.words,
    words,
    commaAfter,
    clauseStart: clauseStarts(words, commaAfter),
    asked: sentence.asked,
    exclaimed: sentence.exclaimed,
  };
}

function quote(text: string, s: Sentence, span: Span): string {
  return text.slice(s.typed[span.start]!.start, s.typed[span.end - 1]!.end);
}

function find(phrases: readonly Phrase[], s: Sentence, usable?: (i: number) => boolean): Span[] {
  return findPhrases(phrases, s.words, usable);
}

/** The signs of a sentence the client did not take back. */
function urgentSpans(s: Sentence): Span[] {
  const harmless = new Set(find(LEXICON.harmless, s).flatMap((span) => range(span)));
  const signs = find(LEXICON.signs, s, (i) => !harmless.has(i));
  const negated = negatedSigns(s, signs);
  return signs.filter((_, i) => !negated[i]);
}

/** What makes a sentence a question, quoted: a question phrase, its first word, or its "?". */
function questionCue(text: string, s: Sentence): string | undefined {
  const phrase = find(LEXICON.question, s)[0];
  if (phrase) return quote(text, s, phrase);
  const startsAsOther = find(LEXICON.other, s).some((span) => span.start === 0);
  if (OPENERS.has(s.words[0]!) && !s.exclaimed && !startsAsOther) return s.typed[0]!.text;
  return s.asked ? '?' : undefined;
}

function range(span: Span): number[] {
  return Array.from({ length: span.end - span.start }, (_, k) => span.start + k);
}

function unique(quotes: string[]): string[] {
  const seen = new Set<string>();
  return quotes.filter((q) => {
    const key = q.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function classifyReply(text: string): Triage {
  const sentences = tokenize(text).map(read);
  const quoteAll = (pick: (s: Sentence) => Span[]) => unique(sentences.flatMap((s) => pick(s).map((span) => quote(text, s, span))));

  const urgent = quoteAll(urgentSpans);
  if (urgent.length > 0) return { class: 'urgent', matched: urgent };

  const booking = quoteAll((s) => find(LEXICON.booking, s));
  if (booking.length > 0) return { class: 'booking', matched: booking };

  const asked = sentences.flatMap((s) => questionCue(text, s) ?? []);
  // The topic may sit in a sentence of its own: "me pica mucho. ¿Es normal?"
  if (asked.length > 0) return { class: 'question', matched: unique([...asked, ...quoteAll((s) => find(LEXICON.healing, s))]) };

  return { class: 'other', matched: quoteAll((s) => find(LEXICON.other, s)) };
}
