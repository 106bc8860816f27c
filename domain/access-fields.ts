/**
 * What administrators type when they invite people and make API keys: the API and the CLI check
 * them with these same schemas, so both refuse the same things in the same words.
 */
import { z } from 'zod';
import { CLINIC_ROLES } from './roles';

export const PERSON_NAME_MAX = 80;
export const KEY_NAME_MAX = 80;

/** Markup and control characters: names go into emails, subjects and the front desk. */
const CONTROL_OR_MARKUP = /[<>{}\\\u0000-\u001f\u007f-\u009f]/;

/**
 * A name people read, trimmed, 1..max characters. domain/display-name.ts (issue 14's hardening,
 * not on main when this was written) holds the full rule for such names, bidi controls and
 * invisible-only names included: this should become `displayNameSchema` once it lands.
 */
const nameSchema = (missing: string, max: number) =>
  z
    .string({ message: missing })
    .trim()
    .min(1, { message: missing })
    .max(max, { message: `must be at most ${max} characters` })
    .refine((v) => !CONTROL_OR_MARKUP.test(v), { message: 'must not contain markup or control characters' });

export const personNameSchema = nameSchema('is required: the name colleagues know the person by', PERSON_NAME_MAX);
export const keyNameSchema = nameSchema('is required: a name saying which system uses the key', KEY_NAME_MAX);

export const clinicRoleSchema = z.enum(CLINIC_ROLES, {
  message: `must be one of ${CLINIC_ROLES.join(', ')} (administrators are not made for a clinic)`,
});
