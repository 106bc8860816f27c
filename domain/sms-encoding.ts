/**
 * SMS encoding and segment counting (3GPP TS 23.038 / 23.040), as carriers bill it.
 * Pure: safe inside the Temporal workflow sandbox.
 *
 * - GSM-7 (default alphabet): one segment holds 160 septets; a multi-part message holds 153 per
 *   part (7 septets go to the concatenation header). Characters of the extension table take
 *   2 septets (escape + char), and an escape pair is never split across two parts.
 * - UCS-2 (any character outside GSM-7): one segment holds 70 UTF-16 code units, a multi-part
 *   message 67 per part. A character outside the BMP (most emoji) is a surrogate pair and takes
 *   2 units; a pair is never split across two parts.
 */

/** The GSM 03.38 default alphabet (basic table), without the escape code. */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** The GSM 03.38 extension table: each of these costs 2 septets (escape + char). */
const GSM7_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set(Array.from(GSM7_BASIC));
const EXTENSION = new Set(Array.from(GSM7_EXTENSION));

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegmentInfo {
  encoding: SmsEncoding;
  /** GSM-7: septets (extension characters count 2). UCS-2: UTF-16 code units (surrogate pairs count 2). */
  units: number;
  /** Billed segments. An empty text is still one (empty) message. */
  segments: number;
}

export const GSM7_SINGLE = 160;
export const GSM7_PART = 153;
export const UCS2_SINGLE = 70;
export const UCS2_PART = 67;

/** True when every character of `text` is in the GSM-7 default alphabet or its extension table. */
export function isGsm7(text: string): boolean {
  for (const ch of text) {
    if (!BASIC.has(ch) && !EXTENSION.has(ch)) return false;
  }
  return true;
}

/** True when `ch` (one character) costs 2 septets: a GSM-7 extension-table character. */
export function isGsm7Extension(ch: string): boolean {
  return EXTENSION.has(ch);
}

/** Packs indivisible items of the given sizes into parts of `perPart` units, first fit in order. */
function packParts(sizes: number[], perPart: number): number {
  let parts = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > perPart) {
      parts++;
      used = 0;
    }
    used += size;
  }
  return parts;
}

/** Encoding, length in units, and the number of segments `text` is sent (and billed) as. */
export function smsSegments(text: string): SmsSegmentInfo {
  const chars = Array.from(text); // code points: a surrogate pair stays one item
  if (isGsm7(text)) {
    const sizes = chars.map((ch) => (EXTENSION.has(ch) ? 2 : 1));
    const units = sizes.reduce((a, b) => a + b, 0);
    const segments = units <= GSM7_SINGLE ? 1 : packParts(sizes, GSM7_PART);
    return { encoding: 'GSM-7', units, segments };
  }
  // `ch.length` is 2 for a surrogate pair, 1 otherwise (a lone surrogate is one unit too).
  const sizes = chars.map((ch) => ch.length);
  const units = text.length;
  const segments = units <= UCS2_SINGLE ? 1 : packParts(sizes, UCS2_PART);
  return { encoding: 'UCS-2', units, segments };
}
