/**
 * A typed word as the triage lists spell it: the listed word itself, a known misspelling's
 * word, or the listed word one edit away (two for long words) with the same first letter.
 * Anything else stays as typed, normalised.
 */
import { editDistance } from './edit-distance';
import { VOCABULARY } from './lexicon';
import { normalizeWord, withoutApostropheS } from './normalize';
import { KNOWN_WORDS, MISSPELLINGS, ONE_EDIT_FROM, TWO_EDITS_FROM } from './spelling';

const KNOWN = new Set(KNOWN_WORDS);
const LETTERS = /^\p{L}+$/u;

/** Listed words long enough to be a typo's target, by first letter. */
const TARGETS = new Map<string, string[]>();
for (const word of VOCABULARY) {
  if (word.length < ONE_EDIT_FROM || !LETTERS.test(word)) continue;
  const list = TARGETS.get(word[0]!) ?? [];
  list.push(word);
  TARGETS.set(word[0]!, list);
}

function nearest(word: string): string | undefined {
  if (word.length < ONE_EDIT_FROM || !LETTERS.test(word)) return undefined;
  const max = word.length >= TWO_EDITS_FROM ? 2 : 1;
  let best: string | undefined;
  let bestDistance = max + 1;
  for (const target of TARGETS.get(word[0]!) ?? []) {
    const d = editDistance(word, target, max);
    if (d < bestDistance) {
      best = target;
      bestDistance = d;
    }
  }
  return best;
}

export function spell(typed: string): string {
  const word = normalizeWord(typed);
  if (VOCABULARY.has(word)) return word;
  // Own keys only: a typed "constructor" must not find Object's.
  if (Object.hasOwn(MISSPELLINGS, word)) return MISSPELLINGS[word]!;
  const stem = withoutApostropheS(typed);
  if (stem !== undefined && VOCABULARY.has(stem)) return stem;
  if (KNOWN.has(word)) return word;
  return nearest(word) ?? word;
}
