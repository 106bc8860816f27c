/**
 * The one definition of a valid clinic profile, as the API, the CLI and CLINICS_FILE write it:
 * every field's rule and message, the defaults, and the rules between fields (the send time and
 * the window, the sender's parts). A change (PATCH, `clinic edit`) is merged into the clinic's
 * current profile and the result is checked with this same schema, so a clinic is never stored
 * half-valid.
 */
import { z } from 'zod';
import { CLINIC_DEFAULTS, profileOf, type Clinic } from './clinic';
import { displayNameSchema } from './display-name';
import { LANGUAGE_HINT, languageOf } from './i18n';
import { CLINIC_ID, CLINIC_ID_HINT, DEFAULT_PLANNED_SESSIONS, E164, PLANNED_SESSIONS_MAX } from './identifiers';
import { phoneNumberProblem } from './phone';
import { localTimeSchema, windowStringSchema } from './plan-input';
import { isWebUrl, WEB_URL_HINT } from './url';
import { DEFAULT_SEND_TIME, DEFAULT_WINDOW, formatWindow, MIN_SEND_MINUTES, sendTimeProblem, windowWidthProblem } from './window';

/** A clinic as stored, without the timestamps the store keeps. */
export type ClinicFields = Omit<Clinic, 'createdAt' | 'updatedAt'>;

export const CLINIC_NAME_MAX = 80;
export const EMAIL_MAX = 254;
export const URL_MAX = 500;
export const TOUCH_UP_MONTHS_MAX = 60;
/** A sender's text rate, as TWILIO_SMS_RATE_PER_SECOND bounds the platform's own. */
export const SMS_RATE_MIN = 0.01;
export const SMS_RATE_MAX = 10_000;
/** Twilio's ids: two letters and 32 hex digits. */
export const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;
export const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
/** An environment variable's name (upper case, as the settings here are named). */
export const ENV_NAME = /^[A-Z_][A-Z0-9_]{0,99}$/;
/** An alphanumeric sender ID: up to 11 letters, digits and spaces, at least one letter. */
export const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
/** A BCP 47 language tag as the messages use it: `en`, `es`, `pt-BR`, `zh-Hant`. */
export const LOCALE = /^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|\d{3}))?$/;

/** Every clinic phone number: the one rule of domain/phone.ts. */
const phoneSchema = z
  .string({ message: 'must be a phone number in E.164 form, for example +12125550147' })
  .trim()
  .superRefine((v, ctx) => {
    const problem = phoneNumberProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** An email address as the platform keeps one: a clinic's, a person's. */
export const emailSchema = z
  .string({ message: 'must be an email address' })
  .trim()
  .max(EMAIL_MAX, { message: `must be at most ${EMAIL_MAX} characters` })
  .pipe(z.email({ message: 'must be an email address' }));

const webUrlSchema = z
  .string({ message: WEB_URL_HINT })
  .trim()
  .max(URL_MAX, { message: `must be at most ${URL_MAX} characters` })
  .refine(isWebUrl, { message: WEB_URL_HINT });

const FROM_HINT = 'must be an email address, or `Name <address>`';
/** An email From: an address, or a display name and an address in angle brackets. */
const emailFromSchema = z
  .string({ message: FROM_HINT })
  .trim()
  .max(EMAIL_MAX, { message: `must be at most ${EMAIL_MAX} characters` })
  .refine(
    (v) => {
      const named = /^([^<>"\u0000-\u001f]*)<([^<>]+)>$/.exec(v);
      const address = named ? named[2]! : v;
      return z.email().safeParse(address.trim()).success;
    },
    { message: FROM_HINT },
  );

const SMS_FROM_HINT = 'must be a phone number in E.164 form (for example +12125550147) or an alphanumeric sender ID (up to 11 letters, digits and spaces)';
const smsFromSchema = z
  .string({ message: SMS_FROM_HINT })
  .trim()
  .superRefine((v, ctx) => {
    if (ALPHANUMERIC_SENDER.test(v)) return;
    const problem = E164.test(v) ? phoneNumberProblem(v) : SMS_FROM_HINT;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const RATE_HINT = `must be a number of texts per second from ${SMS_RATE_MIN} to ${SMS_RATE_MAX}`;

const smsSenderSchema = z
  .strictObject(
    {
      from: smsFromSchema.optional(),
      messagingServiceSid: z
        .string({ message: 'must be a Messaging Service SID (MG followed by 32 hex digits)' })
        .trim()
        .regex(MESSAGING_SERVICE_SID, { message: 'must be a Messaging Service SID (MG followed by 32 hex digits)' })
        .optional(),
      accountSid: z
        .string({ message: 'must be a Twilio Account SID (AC followed by 32 hex digits)' })
        .trim()
        .regex(ACCOUNT_SID, { message: 'must be a Twilio Account SID (AC followed by 32 hex digits)' })
        .optional(),
      authTokenEnv: z
        .string({ message: 'must be the name of an environment variable' })
        .trim()
        .regex(ENV_NAME, {
          message: 'must be the NAME of the environment variable holding the auth token (for example TWILIO_AUTH_TOKEN_NORTHSIDE), never the token itself',
        })
        .optional(),
      ratePerSecond: z
        .number({ message: RATE_HINT })
        .min(SMS_RATE_MIN, { message: RATE_HINT })
        .max(SMS_RATE_MAX, { message: RATE_HINT })
        .default(CLINIC_DEFAULTS.smsRatePerSecond),
    },
    { message: 'must be an object: { from | messagingServiceSid, accountSid?, authTokenEnv?, ratePerSecond }' },
  )
  .superRefine((s, ctx) => {
    if (s.from !== undefined && s.messagingServiceSid !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['messagingServiceSid'], message: 'give from or messagingServiceSid, not both' });
    }
    // The secret stays in the environment: the sub-account and the variable naming its token go together.
    if (s.accountSid !== undefined && s.authTokenEnv === undefined) {
      ctx.addIssue({ code: 'custom', path: ['authTokenEnv'], message: 'is required with accountSid: the environment variable holding that account\'s auth token' });
    }
    if (s.authTokenEnv !== undefined && s.accountSid === undefined) {
      ctx.addIssue({ code: 'custom', path: ['accountSid'], message: 'is required with authTokenEnv' });
    }
    if (s.accountSid !== undefined && s.from === undefined && s.messagingServiceSid === undefined) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: "a sub-account needs its own sender: give from or messagingServiceSid" });
    }
  });

const LOCALE_HINT = 'must be a BCP 47 language tag, for example en or es';
const localeSchema = z
  .string({ message: LOCALE_HINT })
  .trim()
  .refine((v) => LOCALE.test(v), { message: LOCALE_HINT, abort: true })
  // Refused rather than quietly sending English: the clinic chose a language its clients would not get.
  .refine((v) => languageOf(v) !== null, { message: LANGUAGE_HINT })
  // Stored in its canonical form (`pt-br` becomes `pt-BR`), so comparisons are plain string ones.
  .transform((v) => Intl.getCanonicalLocales(v)[0] ?? v);

const PLANNED_SESSIONS_HINT = `must be a whole number from 1 to ${PLANNED_SESSIONS_MAX}`;
const TOUCH_UP_HINT = `must be a whole number of months from 1 to ${TOUCH_UP_MONTHS_MAX}`;
const BOOLEAN_HINT = 'must be true or false';

/** A window as a clinic writes it: `HH:MM-HH:MM`, within one day, wide enough to send in. */
const clinicWindowSchema = windowStringSchema.superRefine((w, ctx) => {
  const problem = windowWidthProblem(w);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const clinicSchema = z
  .strictObject(
    {
      id: z.string({ message: CLINIC_ID_HINT }).regex(CLINIC_ID, { message: CLINIC_ID_HINT }),
      name: displayNameSchema({ missing: 'must be the clinic name', max: CLINIC_NAME_MAX }),
      phone: phoneSchema,
      email: emailSchema,
      bookingUrl: webUrlSchema,
      sendTime: localTimeSchema
        .default(DEFAULT_SEND_TIME)
        .meta({ description: `HH:MM, the client's local time of each step; inside the window, at least ${MIN_SEND_MINUTES} minutes before it closes.` }),
      window: clinicWindowSchema
        .prefault(formatWindow(DEFAULT_WINDOW))
        .meta({ description: `HH:MM-HH:MM, client local time: nothing is sent outside it. Within one day, at least ${MIN_SEND_MINUTES} minutes wide.` }),
      plannedSessions: z
        .number({ message: PLANNED_SESSIONS_HINT })
        .int({ message: PLANNED_SESSIONS_HINT })
        .min(1, { message: PLANNED_SESSIONS_HINT })
        .max(PLANNED_SESSIONS_MAX, { message: PLANNED_SESSIONS_HINT })
        .default(DEFAULT_PLANNED_SESSIONS),
      onCallPhone: phoneSchema.meta({ description: 'For urgent alerts; the clinic phone when unset.' }).optional(),
      defaultLocale: localeSchema.default(CLINIC_DEFAULTS.defaultLocale).meta({ description: "BCP 47 language of clients' messages unless they choose one." }),
      reviewUrl: webUrlSchema.optional(),
      photoCheckIns: z.boolean({ message: BOOLEAN_HINT }).default(CLINIC_DEFAULTS.photoCheckIns),
      touchUpIntervalMonths: z
        .number({ message: TOUCH_UP_HINT })
        .int({ message: TOUCH_UP_HINT })
        .min(1, { message: TOUCH_UP_HINT })
        .max(TOUCH_UP_MONTHS_MAX, { message: TOUCH_UP_HINT })
        .default(CLINIC_DEFAULTS.touchUpIntervalMonths),
      sms: smsSenderSchema.prefault({}).meta({ description: "Who sends the clinic's texts; without from or messagingServiceSid, the platform's sender." }),
      emailFrom: emailFromSchema.meta({ description: 'The From of clients\' emails; EMAIL_FROM when unset.' }).optional(),
      replyTo: emailSchema.optional(),
      active: z.boolean({ message: BOOLEAN_HINT }).default(true).meta({ description: 'false: no new enrolments; running plans carry on. Clinics are never deleted.' }),
    },
    { message: 'must be a JSON object: the clinic profile' },
  )
  .superRefine((c, ctx) => {
    // Refinements run even when a field failed: check only what parsed.
    if (typeof c.window !== 'object' || c.window === null || typeof c.sendTime !== 'string' || windowWidthProblem(c.window)) return;
    const problem = sendTimeProblem(c.sendTime, c.window, MIN_SEND_MINUTES);
    if (problem) ctx.addIssue({ code: 'custom', path: ['sendTime'], message: problem });
  });

export type ClinicInput = z.input<typeof clinicSchema>;

/** The names of a profile's fields (what a log line may list of a change, never the values). */
export const CLINIC_FIELDS = Object.keys(clinicSchema.shape) as (keyof ClinicFields)[];

/** A clinic in the form it is written in (the API's body and answer, a clinics file's entry). */
export function clinicInputOf(c: ClinicFields): ClinicInput & { window: string } {
  return {
    ...profileOf(c),
    window: formatWindow(c.window),
    ...(c.onCallPhone !== undefined ? { onCallPhone: c.onCallPhone } : {}),
    defaultLocale: c.defaultLocale,
    ...(c.reviewUrl !== undefined ? { reviewUrl: c.reviewUrl } : {}),
    photoCheckIns: c.photoCheckIns,
    touchUpIntervalMonths: c.touchUpIntervalMonths,
    sms: { ...c.sms },
    ...(c.emailFrom !== undefined ? { emailFrom: c.emailFrom } : {}),
    ...(c.replyTo !== undefined ? { replyTo: c.replyTo } : {}),
    active: c.active,
  };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * JSON Merge Patch (RFC 7396): a field given replaces the current one, `null` removes it (an
 * optional field goes, one with a default returns to it), and objects (`sms`) merge field by field.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    // Defined, not assigned: a `__proto__` key stays a plain own field (which the schema refuses).
    else Object.defineProperty(result, key, { value: mergePatch(Object.hasOwn(result, key) ? result[key] : undefined, value), enumerable: true, writable: true, configurable: true });
  }
  return result;
}
