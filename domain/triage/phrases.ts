/**
 * The small phrase language the triage lists are written in, and the matcher for it. A phrase is
 * words separated by spaces, compared with typed words after ./normalize.ts and ./spell.ts:
 *   `a|b|c`  one of these words;
 *   `word?`  (or `a|b?`) this word may be missing;
 *   `...`    up to three words of any kind.
 * So 'warm to the? touch' matches "warm to the touch" and "warm to touch".
 */
import { normalizeWord } from './normalize';

const GAP_WORDS = 3;

type Slot = { kind: 'word'; words: ReadonlySet<string>; optional: boolean } | { kind: 'gap'; max: number };
export type Phrase = readonly Slot[];

/** A match: typed words [start, end) of one sentence. */
export interface Span {
  start: number;
  end: number;
}

export function compilePhrase(source: string): Phrase {
  return source
    .trim()
    .split(/\s+/)
    .map((part): Slot => {
      if (part === '...') return { kind: 'gap', max: GAP_WORDS };
      const optional = part.length > 1 && part.endsWith('?');
      const alternatives = (optional ? part.slice(0, -1) : part).split('|').map(normalizeWord);
      return { kind: 'word', words: new Set(alternatives), optional };
    });
}

export function compilePhrases(sources: readonly string[]): Phrase[] {
  return sources.map(compilePhrase);
}

/** Every word a phrase can match, for the typo correction's vocabulary. */
export function phraseWords(phrase: Phrase): string[] {
  return phrase.flatMap((slot) => (slot.kind === 'word' ? [...slot.words] : []));
}

/** The end of the longest match of `phrase` from slot `k` at word `i`, or -1. */
function longestEnd(phrase: Phrase, k: number, words: readonly string[], i: number, usable: (i: number) => boolean): number {
  if (k === phrase.length) return i;
  const slot = phrase[k]!;
  let best = -1;
  if (slot.kind === 'gap') {
    for (let g = 0; g <= slot.max && i + g <= words.length; g++) {
      if (g > 0 && !usable(i + g - 1)) break;
      best = Math.max(best, longestEnd(phrase, k + 1, words, i + g, usable));
    }
    return best;
  }
  if (i < words.length && usable(i) && slot.words.has(words[i]!)) best = longestEnd(phrase, k + 1, words, i + 1, usable);
  if (slot.optional) best = Math.max(best, longestEnd(phrase, k + 1, words, i, usable));
  return best;
}

/**
 * Where any of `phrases` occurs in `words`, without overlaps: the leftmost match first, the longer
 * one when two start at the same word. Words for which `usable` says false are never part of one.
 */
export function findPhrases(phrases: readonly Phrase[], words: readonly string[], usable: (i: number) => boolean = () => true): Span[] {
  const found: Span[] = [];
  for (let start = 0; start < words.length; start++) {
    for (const phrase of phrases) {
      const end = longestEnd(phrase, 0, words, start, usable);
      if (end > start) found.push({ start, end });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const chosen: Span[] = [];
  for (const span of found) {
    const last = chosen[chosen.length - 1];
    if (!last || span.start >= last.end) chosen.push(span);
  }
  return chosen;
}
