/** Where each sentence's clauses start (./clause-cues.ts): a negator never reaches across one. */
import { CLAUSE_BREAKS, CLAUSE_STARTERS } from './clause-cues';

const BREAKS = new Set(CLAUSE_BREAKS);
const STARTERS = new Set(CLAUSE_STARTERS);

/** For each word: does a new clause start at it? */
export function clauseStarts(words: readonly string[], commaAfter: readonly boolean[]): boolean[] {
  return words.map((word, i) => BREAKS.has(word) || (i > 0 && commaAfter[i - 1] === true && STARTERS.has(word)));
}
