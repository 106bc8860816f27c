/**
 * The one spelling of a typed word that the phrase lists are written against: lower case, accents
 * and apostrophes dropped ("Isn't" -> isnt, "inflamación" -> inflamacion), letters held down
 * shortened ("sooo" -> soo), a decimal number read by its whole part ("38.5" -> 38, as the lists
 * name temperatures), and an emoji reduced to its base (skin tone and variation dropped).
 */

const MARKS = /\p{M}/gu;
const APOSTROPHES = /['’ʼ`]/g;
const HELD_LETTER = /(\p{L})\1{2,}/gu;
const EMOJI_BASE = /\p{Extended_Pictographic}/u;
const DECIMAL = /^(\p{N}+)[.,]\p{N}+$/u;

export function normalizeWord(raw: string): string {
  const emoji = EMOJI_BASE.exec(raw);
  if (emoji && !/[\p{L}\p{N}]/u.test(raw)) return emoji[0];
  const decimal = DECIMAL.exec(raw);
  if (decimal) return decimal[1]!;
  return raw.normalize('NFD').replace(MARKS, '').toLowerCase().replace(APOSTROPHES, '').replace(HELD_LETTER, '$1$1');
}

/** "swelling's" -> swelling: the word before an apostrophe-s, when the apostrophe was typed. */
export function withoutApostropheS(raw: string): string | undefined {
  const m = /^(.+)['’ʼ`]s$/iu.exec(raw);
  return m ? normalizeWord(m[1]!) : undefined;
}
