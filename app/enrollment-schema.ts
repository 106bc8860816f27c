/**
 * The enrollment body (interface.md, `POST /api/enrollments`), shared by the CLI's `enroll --file`
 * and the HTTP API: one schema, one set of messages, each naming its field.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { CONSENT_TEXT_MAX } from '../domain/consent';
import { displayNameSchema } from '../domain/display-name';
import { CLIENT_REF, CLIENT_REF_HINT, CLINIC_ID, CLINIC_ID_HINT, E164, looksLikePhoneNumber, SESSION_NUMBER_MAX } from '../domain/identifiers';
import { PHONE_NUMBER_HINT, phoneNumberProblem } from '../domain/phone';
import { REGION, REGION_HINT, regionProblem } from '../domain/compliance/profile';
import { LANGUAGE_HINT, languageOf } from '../domain/i18n';
import type { FieldIssue } from '../domain/field-issue';
import { isoInstantSchema, timezoneSchema } from '../domain/plan-input';
import { InvalidInputError } from './errors';
import { fieldIssuesOf } from './zod-issues';

/** How far back a session may be enrolled: the whole plan (30 days) plus some slack. */
export const MAX_SESSION_AGE_DAYS = 45;
/** The longest first name a client may give. */
export const FIRST_NAME_MAX = 50;
/** Clock skew tolerated between the clinic's device and the server. */
const FUTURE_TOLERANCE_MS = 10 * 60_000;

const clientRef = z
  .string({ message: 'must be a text reference' })
  .regex(CLIENT_REF, { message: CLIENT_REF_HINT })
  // The reference ends up in workflow IDs and search attributes, which must carry no personal data.
  .refine((v) => !looksLikePhoneNumber(v), {
    message: 'must not be a phone number: use the clinic reference',
  })
  .meta({ description: "The clinic's own opaque client reference: never a name, phone number or email." });

/** A client's phone and email, here and in a contact change. */
export const clientPhoneSchema = z
  .string({ message: PHONE_NUMBER_HINT })
  // The shape first, alone (it is also the OpenAPI pattern); then whether the number exists.
  .regex(E164, { message: PHONE_NUMBER_HINT, abort: true })
  .superRefine((value, ctx) => {
    const problem = phoneNumberProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
/** The language of the client's messages (a supported BCP 47 tag), here and in a preview. */
export const clientLocaleSchema = z
  .string({ message: LANGUAGE_HINT })
  .refine((v) => languageOf(v) !== null, { message: LANGUAGE_HINT })
  .meta({ description: "BCP 47 language of the client's texts and emails (en, es, es-MX...). Default: the clinic's defaultLocale." });
/** Where the client lives, for the quiet-hours law (domain/compliance): here and in a preview. */
export const clientRegionSchema = z
  .string({ message: REGION_HINT })
  .regex(REGION, { message: REGION_HINT, abort: true })
  .superRefine((value, ctx) => {
    const problem = regionProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({
    description:
      "Where the client lives, for the law on messaging hours: an ISO 3166-1 country (GB, US) or US- and a state (US-FL). Default: the phone number's country (a US number gives US, the federal rule only), else the clinic phone's country. docs/compliance.md lists the rules.",
  });
export const clientEmailSchema = z.email({ message: 'must be an email address' }).max(254, { message: 'must be at most 254 characters' });
/** The consent wording a client agreed to, here and in a consent given later (app/consent.ts). */
export const consentTextSchema = z
  .string({ message: 'must be text: the wording the client agreed to' })
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(CONSENT_TEXT_MAX, { message: `must be at most ${CONSENT_TEXT_MAX} characters` });

/** An instant as the schema's users see it in the OpenAPI document. */
const instant = (description: string) => isoInstantSchema.meta({ format: 'date-time', description });

export const enrollmentSchema = z
  .strictObject({
    clinicId: z.string({ message: 'is required' }).regex(CLINIC_ID, { message: CLINIC_ID_HINT }),
    clientRef,
    client: z.strictObject(
      {
        firstName: displayNameSchema({ missing: 'is required', max: FIRST_NAME_MAX }),
        phone: clientPhoneSchema.meta({ description: 'E.164. Required when consent.sms is true.' }).optional(),
        email: clientEmailSchema.meta({ description: 'Required when consent.email is true.' }).optional(),
        timezone: timezoneSchema.meta({ description: 'IANA time zone of the client, e.g. America/New_York.' }),
        region: clientRegionSchema.optional(),
        locale: clientLocaleSchema.optional(),
        consent: z.strictObject(
          {
            sms: z.boolean({ message: 'must be true or false' }),
            email: z.boolean({ message: 'must be true or false' }),
            /** The exact consent wording the client agreed to, and when (the front desk records both). */
            text: consentTextSchema.meta({ description: 'The consent wording the client agreed to (kept with the enrollment).' }).optional(),
            at: instant('When the client agreed (ISO-8601 with offset); default: when enrolled.').optional(),
          },
          { message: 'must say which channels the client agreed to' },
        ),
      },
      { message: 'is required' },
    ),
    session: z.strictObject(
      {
        number: z.number({ message: 'must be a number' }).int({ message: 'must be a whole number' }).min(1, { message: 'must be at least 1' }).max(SESSION_NUMBER_MAX, { message: `must be at most ${SESSION_NUMBER_MAX}` }),
        performedAt: instant(`ISO-8601 with offset; not in the future, at most ${MAX_SESSION_AGE_DAYS} days ago.`),
        plannedSessions: z
          .number({ message: 'must be a number' })
          .int({ message: 'must be a whole number' })
          .min(1, { message: 'must be at least 1' })
          .max(SESSION_NUMBER_MAX, { message: `must be at most ${SESSION_NUMBER_MAX}` })
          .meta({ description: "Default: the clinic's plannedSessions." })
          .optional(),
      },
      { message: 'is required' },
    ),
  })
  .superRefine((e, ctx) => {
    const { consent, phone, email } = e.client;
    if (consent.sms && !phone) ctx.addIssue({ code: 'custom', path: ['client', 'phone'], message: 'is required when the client agreed to SMS' });
    if (consent.email && !email) ctx.addIssue({ code: 'custom', path: ['client', 'email'], message: 'is required when the client agreed to email' });
    if (!consent.sms && !consent.email) {
      ctx.addIssue({ code: 'custom', path: ['client', 'consent'], message: 'the client must agree to SMS, email or both' });
    }
    if (e.session.plannedSessions !== undefined && e.session.number > e.session.plannedSessions) {
      ctx.addIssue({
        code: 'custom',
        path: ['session', 'number'],
        message: `session ${e.session.number} is beyond the ${e.session.plannedSessions} planned sessions`,
      });
    }
  });

export type Enrollment = z.infer<typeof enrollmentSchema>;

/** Checks that depend on the current time, kept apart so the schema stays pure. */
function timeIssues(e: Enrollment, now: Date): FieldIssue[] {
  const at = DateTime.fromISO(e.session.performedAt).toMillis();
  if (at > now.getTime() + FUTURE_TOLERANCE_MS) {
    return [{ path: 'session.performedAt', message: 'is in the future: enroll a client after the session' }];
  }
  if (at < now.getTime() - MAX_SESSION_AGE_DAYS * 86_400_000) {
    return [{ path: 'session.performedAt', message: `is more than ${MAX_SESSION_AGE_DAYS} days ago: the aftercare timeline is over` }];
  }
  return [];
}

/** Parses an untrusted enrollment body, or throws InvalidInputError naming every bad field. */
export function parseEnrollment(raw: unknown, now: Date): Enrollment {
  const result = enrollmentSchema.safeParse(raw);
  if (!result.success) throw new InvalidInputError(fieldIssuesOf(result.error));
  const issues = timeIssues(result.data, now);
  if (issues.length) throw new InvalidInputError(issues);
  return result.data;
}
