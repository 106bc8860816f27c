/**
 * The triage lists compiled once, and the vocabulary a typo may be corrected to (every word any
 * list knows, so that a word one list needs is never "corrected" into another list's word).
 */
import { CLAUSE_BREAKS, CLAUSE_STARTERS } from './clause-cues';
import { HARMLESS_PHRASES } from './harmless';
import { BOOKING_PHRASES, OTHER_PHRASES, QUESTION_OPENERS, QUESTION_PHRASES } from './intents';
import {
  CESSATIONS,
  COMPARISONS,
  FIRST_PERSON,
  HEDGE_FILLERS,
  HEDGES,
  LIST_WORDS,
  NEGATORS,
  PERSISTENCE_VERBS,
  PRONOUNS,
  SOFTENERS,
  STOPPED_BEFORE,
} from './negation-cues';
import { compilePhrases, phraseWords, type Phrase } from './phrases';
import { HEALING_TOPICS, URGENT_SIGNS } from './signs';
import { MISSPELLINGS } from './spelling';

export const LEXICON = {
  signs: compilePhrases(URGENT_SIGNS.flatMap((group) => group.phrases)),
  healing: compilePhrases(HEALING_TOPICS),
  harmless: compilePhrases(HARMLESS_PHRASES),
  booking: compilePhrases(BOOKING_PHRASES),
  question: compilePhrases(QUESTION_PHRASES),
  other: compilePhrases(OTHER_PHRASES),
  cessations: compilePhrases(CESSATIONS),
  stoppedBefore: compilePhrases(STOPPED_BEFORE),
  comparisons: compilePhrases(COMPARISONS),
} satisfies Record<string, Phrase[]>;

export const VOCABULARY: ReadonlySet<string> = new Set([
  ...Object.values(LEXICON).flatMap((phrases) => phrases.flatMap(phraseWords)),
  ...NEGATORS,
  ...HEDGES,
  ...HEDGE_FILLERS,
  ...PRONOUNS,
  ...PERSISTENCE_VERBS,
  ...SOFTENERS,
  ...LIST_WORDS,
  ...FIRST_PERSON,
  ...CLAUSE_BREAKS,
  ...CLAUSE_STARTERS,
  ...QUESTION_OPENERS,
  ...Object.values(MISSPELLINGS),
]);
