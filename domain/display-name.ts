/**
 * The one rule for a name that people read: a client's first name, a clinic's name, a staff
 * member's name. Such names end up in emails, texts, subjects and the front desk, so they must
 * show what they say: no markup, no control characters, no bidirectional controls (which make
 * `Jo\u202Egnp.exe` display as `Joexe.png`), and not nothing but invisible characters.
 */
import { z } from 'zod';

/** Markup and C0/C1 control characters: templates and mail headers must not meet them. */
const CONTROL_OR_MARKUP = /[<>{}\\\u0000-\u001f\u007f-\u009f]/;

/**
 * Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), and the
 * directional marks (U+200E, U+200F, U+061C): each can reorder what a reader sees.
 */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;

/** Nothing a reader can see: spaces, format characters (zero-width space, joiners, BOM), fillers. */
const ONLY_INVISIBLE = /^[\p{White_Space}\p{Cf}\p{Default_Ignorable_Code_Point}]*$/u;

const NAME_MARKUP_MESSAGE = 'must not contain markup or control characters';
const NAME_BIDI_MESSAGE = 'must not contain bidirectional control characters (they reorder what is displayed)';
const NAME_INVISIBLE_MESSAGE = 'must contain visible characters, not only invisible ones';

/** Why `name` cannot be displayed as it is, or undefined when it can. */
export function displayNameProblem(name: string): string | undefined {
  if (CONTROL_OR_MARKUP.test(name)) return NAME_MARKUP_MESSAGE;
  if (BIDI_CONTROL.test(name)) return NAME_BIDI_MESSAGE;
  if (ONLY_INVISIBLE.test(name)) return NAME_INVISIBLE_MESSAGE;
  return undefined;
}

/**
 * A display name: trimmed, 1 to `max` characters, passing displayNameProblem. `missing` is the
 * message for an absent or empty name (e.g. 'is required').
 */
export function displayNameSchema(options: { missing: string; max: number }) {
  return z
    .string({ message: options.missing })
    .trim()
    .min(1, { message: options.missing })
    .max(options.max, { message: `must be at most ${options.max} characters` })
    .superRefine((value, ctx) => {
      const problem = displayNameProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}
