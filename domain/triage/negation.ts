/**
 * Which signs of a sentence the client took back: "no swelling at all", "not bleeding any more",
 * "the swelling went down", "it stopped bleeding". A sign stays when the negation is persistence
 * ("won't stop bleeding", "hasn't gone down"), a hedge ("not sure if it's pus"), an answer ("no,
 * it's bleeding"), a new part after a comma ("not bleeding, oozing") or a comparison ("never had
 * swelling like this").
 */
import {
  CESSATION_LINKS,
  CESSATION_REACH_BACK,
  CESSATION_REACH_FORWARD,
  FIRST_PERSON,
  HEDGE_FILLERS,
  HEDGES,
  LIST_WORDS,
  NEGATOR_REACH,
  NEGATORS,
  PERSISTENCE_REACH,
  PERSISTENCE_VERBS,
  PRONOUNS,
  SOFTENERS,
} from './negation-cues';
import { LEXICON } from './lexicon';
import { findPhrases, phraseWords, type Span } from './phrases';

const NEGATOR = new Set(NEGATORS);
const HEDGE = new Set(HEDGES);
const FILLER = new Set(HEDGE_FILLERS);
const PRONOUN = new Set(PRONOUNS);
const PERSISTS = new Set(PERSISTENCE_VERBS);
const SOFTENER = new Set(SOFTENERS);
const ME = new Set(FIRST_PERSON);
const LINK = new Set(CESSATION_LINKS);
const LIST = new Set(LIST_WORDS);
/** "stopped", "quit": the cessations that can take an object ("stopped using the balm"). */
const STOPPING = new Set(LEXICON.stoppedBefore.flatMap(phraseWords));

export interface SentenceWords {
  words: readonly string[];
  commaAfter: readonly boolean[];
  clauseStart: readonly boolean[];
}

/** Does the negator at `p` deny the sign at `sign`? */
function denies(s: SentenceWords, p: number, sign: Span): boolean {
  if (s.commaAfter[p]) return false;
  const crossesComma = s.commaAfter.slice(p, sign.start).some(Boolean);
  if (crossesComma && !s.words.slice(p + 1, sign.end + 2).some((w) => LIST.has(w))) return false;
  if (PRONOUN.has(s.words[p + 1] ?? '')) return false;
  let q = p + 1;
  while (q < sign.start && FILLER.has(s.words[q]!)) q++;
  if (q < sign.start && HEDGE.has(s.words[q]!)) return false;
  for (let r = p + 1; r < sign.start && r <= p + PERSISTENCE_REACH; r++) if (PERSISTS.has(s.words[r]!)) return false;
  return true;
}

function negatedBefore(s: SentenceWords, sign: Span, comparisons: readonly Span[]): boolean {
  if (comparisons.some((c) => c.start >= sign.end && c.start - sign.end <= 1)) return false;
  for (let p = sign.start - 1; p >= 0 && p >= sign.start - NEGATOR_REACH; p--) {
    if (s.clauseStart[p + 1]) return false;
    if (NEGATOR.has(s.words[p]!) && denies(s, p, sign)) return true;
  }
  return false;
}

/** Is a cessation at `cue` real: not itself negated ("hasn't stopped"), softened ("almost stopped") or about an action ("stopped using")? */
function ceases(s: SentenceWords, cue: Span, signs: readonly Span[]): boolean {
  for (const back of [cue.start - 1, cue.start - 2]) {
    const word = s.words[back];
    if (word !== undefined && (NEGATOR.has(word) || SOFTENER.has(word))) return false;
  }
  const next = s.words[cue.end];
  const object = STOPPING.has(s.words[cue.end - 1]!) && next?.endsWith('ing') && !signs.some((sign) => sign.start === cue.end);
  return !object;
}

/** Does the cessation at `cue` speak of the sign that ends before it? */
function ceasesSign(s: SentenceWords, sign: Span, cue: Span, signs: readonly Span[]): boolean {
  if (cue.start < sign.end || cue.start - sign.end > CESSATION_REACH_BACK) return false;
  if (signs.some((other) => other.start >= sign.end && other.start < cue.start)) return false;
  if (s.words.slice(Math.max(sign.end, cue.start - 2), cue.start).some((w) => ME.has(w))) return false;
  let clause = -1;
  for (let i = sign.end; i <= cue.start; i++) if (s.clauseStart[i]) clause = i;
  return clause === -1 || s.words.slice(clause, cue.start).every((w) => LINK.has(w));
}

/** For each sign of the sentence: did the client take it back? */
export function negatedSigns(s: SentenceWords, signs: readonly Span[]): boolean[] {
  const cessations = findPhrases(LEXICON.cessations, s.words).filter((cue) => ceases(s, cue, signs));
  const stops = findPhrases(LEXICON.stoppedBefore, s.words).filter((cue) => ceases(s, cue, signs));
  const comparisons = findPhrases(LEXICON.comparisons, s.words);
  return signs.map((sign) => {
    if (negatedBefore(s, sign, comparisons)) return true;
    if (cessations.some((cue) => ceasesSign(s, sign, cue, signs))) return true;
    // "it stopped bleeding": a stop right before the sign, in the same clause.
    return stops.some(
      (cue) =>
        cue.end <= sign.start &&
        sign.start - cue.end <= CESSATION_REACH_FORWARD &&
        !s.commaAfter.slice(cue.end - 1, sign.start).some(Boolean) &&
        !s.clauseStart.slice(cue.end, sign.start + 1).some(Boolean),
    );
  });
}
