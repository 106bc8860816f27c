/**
 * Fitting a text message into its language's segment limit whatever the clinic and client
 * filled in. A step offers its wording in several lengths (./sms); this picks the richest that
 * fits, dropping the first name and shortening the clinic's name before giving up detail.
 */
import { DEFAULT_LANGUAGE, translator, type Language } from '../i18n';
import { smsSegments } from '../sms-encoding';
import { SMS_FITTING } from './catalogs/sms-fitting';
import { demoPrefix, type MessageContext } from './context';
import { smsSpelled, smsSpelling } from './sms-spelling';
import type { ContactValues } from './values';

const t = translator(smsSpelled(SMS_FITTING));

/**
 * The most segments a client SMS takes, per language. Every language is sent GSM-7 (Spanish
 * through ./sms-spelling), so all get the same 2 segments and cost the same (docs/languages.md).
 */
export const SMS_SEGMENT_LIMITS: Record<Language, number> = { en: 2, es: 2 };

/** No client SMS, in any language, is ever longer than this many segments. */
export const SMS_MAX_SEGMENTS = Math.max(...Object.values(SMS_SEGMENT_LIMITS));

/**
 * Typographic punctuation in a filled value would force the whole SMS into UCS-2 (less than half
 * the room): replace it with its plain GSM-7 look-alike. Letters, emoji and scripts stay as they are.
 */
export function smsFriendly(value: string): string {
  return value
    .replace(/[\u2018\u2019\u201a\u201b\u2032\u00b4`]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/[\u200b\ufeff]/g, '')
    .replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g, ' ');
}

export interface SmsValues {
  hi: string; // "Hi Max! " or ""
  clinic: string;
  phone: string;
  url: string;
  pointer: string; // "Details in your email." (or the clinic's phone without email)
}

/** An SMS body (the clinic prefix is added by `fitSms`). */
export type SmsVariant = (s: SmsValues) => string;

/** A step's SMS: the content variants, richest first, and a last resort that only says where to look. */
export interface SmsVariants {
  content: SmsVariant[];
  lean: SmsVariant;
  /**
   * Keep the greeting over detail: every content variant with the first name is tried before any
   * without it. For a message that opens a conversation (the welcome), where "Hi Alex!" matters more
   * than one more tip.
   */
  greetingFirst?: boolean;
}

/** What of the context the fitting reads; a whole MessageContext is one. */
export type SmsFittingContext = Pick<MessageContext, 'demo' | 'hasEmail' | 'locale'>;

function smsBase(ctx: SmsFittingContext, v: ContactValues, lang: Language): Omit<SmsValues, 'hi'> {
  const phone = smsFriendly(v.phone);
  return {
    clinic: smsSpelling(lang, smsFriendly(v.clinic)),
    phone,
    url: v.url,
    pointer: ctx.hasEmail === false ? t(lang, 'pointer.phone', { phone }) : t(lang, 'pointer.email'),
  };
}

/** The greetings to try: with the first name when there is one, then without. */
function greetings(v: ContactValues, lang: Language): string[] {
  const name = smsSpelling(lang, smsFriendly(v.name));
  return name ? [t(lang, 'hi', { name }), ''] : [''];
}

/** True when `text` goes in at most the language's segment limit (SMS_SEGMENT_LIMITS). */
export const fitsSms = (text: string, lang: Language = DEFAULT_LANGUAGE): boolean => smsSegments(text).segments <= SMS_SEGMENT_LIMITS[lang];

/** Cuts a clinic name to at most `max` characters, at a word boundary when there is one. */
export function shortenName(name: string, max: number): string {
  const chars = Array.from(name);
  if (chars.length <= max) return name;
  const cut = chars.slice(0, max).join('');
  const space = cut.lastIndexOf(' ');
  return (space >= max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.:;-]+$/, '');
}

/**
 * Picks the richest SMS that fits in the language's segment limit, in this order:
 * 1. each content variant (richest first) with the first name, then without it (a name in another
 *    script or with an emoji forces UCS-2, which holds less than half as much); with
 *    `greetingFirst`, every variant with the name before any without;
 * 2. the content variants with a shortened clinic name (a clinic name in another script);
 * 3. the lean variant (only where to find the tips), with the full, then a shortened clinic name;
 * 4. as a last resort, for absurd values only (a phone number hundreds of characters long), a hard cut.
 */
export function fitSms({ content, lean, greetingFirst }: SmsVariants, ctx: SmsFittingContext, v: ContactValues): string {
  const lang = ctx.locale ?? DEFAULT_LANGUAGE;
  const prefix = demoPrefix(ctx.demo);
  const base = smsBase(ctx, v, lang);
  const his = greetings(v, lang);
  const compose = (variant: SmsVariant, hi: string, clinic: string) =>
    `${prefix}${clinic}: ${variant({ ...base, hi, clinic })}`;
  const attempts: [SmsVariant, string, string][] = [];
  if (greetingFirst) for (const hi of his) for (const variant of content) attempts.push([variant, hi, base.clinic]);
  else for (const variant of content) for (const hi of his) attempts.push([variant, hi, base.clinic]);
  for (const max of [32, 24, 16]) for (const variant of content) attempts.push([variant, '', shortenName(base.clinic, max)]);
  for (const hi of his) attempts.push([lean, hi, base.clinic]);
  for (const max of [32, 24, 16, 10]) attempts.push([lean, '', shortenName(base.clinic, max)]);

  for (const [variant, hi, clinic] of attempts) {
    const text = compose(variant, hi, clinic);
    if (fitsSms(text, lang)) return text;
  }
  return cutToFit(compose(lean, '', shortenName(base.clinic, 10)), lang);
}

/** The start of `text` that fits, marked as cut: the last resort when only absurd values are left. */
export function cutToFit(text: string, lang: Language = DEFAULT_LANGUAGE): string {
  if (fitsSms(text, lang)) return text;
  let chars = Array.from(text);
  while (chars.length > 0 && !fitsSms(`${chars.join('')}...`, lang)) chars = chars.slice(0, -1);
  return `${chars.join('')}...`;
}

/** Every text the variants produce, with and without the first name, full clinic name, fitting or not. */
export function allSmsTexts({ content, lean }: SmsVariants, ctx: SmsFittingContext, v: ContactValues): string[] {
  const lang = ctx.locale ?? DEFAULT_LANGUAGE;
  const prefix = demoPrefix(ctx.demo);
  const base = smsBase(ctx, v, lang);
  return [...content, lean].flatMap((variant) => greetings(v, lang).map((hi) => `${prefix}${base.clinic}: ${variant({ ...base, hi })}`));
}
