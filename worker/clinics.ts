/**
 * CLINICS_FILE: the clinics' own details, keyed by clinicId, validated when loaded.
 *
 * ```json
 * { "northside": { "name": "...", "phone": "+1...", "email": "...", "bookingUrl": "https://...",
 *                  "sendTime": "10:00", "window": "09:00-20:00", "plannedSessions": 3 } }
 * ```
 * `sendTime`, `window` and `plannedSessions` are optional (defaults as shown).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_SEND_TIME, DEFAULT_WINDOW, localTimeSchema, minutesOfDay } from '../care/plan';
import type { ClinicProfile } from '../workflows/definitions';

export const CLINIC_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export class ClinicsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClinicsFileError';
  }
}

export class UnknownClinicError extends Error {
  constructor(readonly clinicId: string, known: string[]) {
    super(`unknown clinic '${clinicId}'${known.length ? ` (known clinics: ${known.join(', ')})` : ' (no clinics configured)'}`);
    this.name = 'UnknownClinicError';
  }
}

const windowString = z
  .string({ message: 'must be a string HH:MM-HH:MM, for example 09:00-20:00' })
  .transform((s, ctx) => {
    const m = /^(\S+)-(\S+)$/.exec(s.trim());
    if (!m || !HH_MM.test(m[1]!) || !HH_MM.test(m[2]!)) {
      ctx.addIssue({ code: 'custom', message: `must be HH:MM-HH:MM (24-hour), for example 09:00-20:00, not '${s}'` });
      return z.NEVER;
    }
    const [start, end] = [m[1]!, m[2]!];
    if (minutesOfDay(start) >= minutesOfDay(end)) {
      ctx.addIssue({ code: 'custom', message: `start ${start} must be before end ${end}` });
      return z.NEVER;
    }
    return { start, end };
  });

const nonEmpty = (what: string) => z.string({ message: `must be ${what}` }).trim().min(1, { message: `must be ${what}` });

const clinicSchema = z
  .object({
    name: nonEmpty('the clinic name'),
    phone: z
      .string({ message: 'must be a phone number in E.164 form, for example +15550100123' })
      .trim()
      .regex(/^\+[1-9]\d{6,14}$/, { message: 'must be a phone number in E.164 form, for example +15550100123' }),
    email: z.string({ message: 'must be an email address' }).trim().pipe(z.email({ message: 'must be an email address' })),
    bookingUrl: z
      .string({ message: 'must be an http:// or https:// URL' })
      .trim()
      .refine(
        (v) => {
          try {
            const u = new URL(v);
            return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '';
          } catch {
            return false;
          }
        },
        { message: 'must be an http:// or https:// URL' },
      ),
    sendTime: localTimeSchema.default(DEFAULT_SEND_TIME),
    window: windowString.default({ ...DEFAULT_WINDOW }),
    plannedSessions: z
      .number({ message: 'must be a whole number from 1 to 50' })
      .int({ message: 'must be a whole number from 1 to 50' })
      .min(1, { message: 'must be a whole number from 1 to 50' })
      .max(50, { message: 'must be a whole number from 1 to 50' })
      .default(3),
  })
  .strict()
  .superRefine((c, ctx) => {
    // Refinements run even when a field failed: check only what parsed.
    if (!HH_MM.test(c.sendTime) || typeof c.window !== 'object' || c.window === null) return;
    const t = minutesOfDay(c.sendTime);
    if (t < minutesOfDay(c.window.start) || t >= minutesOfDay(c.window.end)) {
      ctx.addIssue({
        code: 'custom',
        path: ['sendTime'],
        message: `${c.sendTime} is outside the sending window ${c.window.start}-${c.window.end}`,
      });
    }
  });

const clinicsFileSchema = z.record(
  z.string().regex(CLINIC_ID_PATTERN, {
    message: 'must be lowercase letters, digits and dashes (up to 40), starting with a letter or digit',
  }),
  clinicSchema,
);

function describePath(p: readonly PropertyKey[]): string {
  const [clinicId, field, ...rest] = p.map(String);
  if (clinicId === undefined) return 'file';
  const where = `clinic '${clinicId}'`;
  if (field === undefined) return where;
  return `${where} ${[field, ...rest].join('.')}`;
}

/** Validates already-parsed JSON; `source` names it in errors. */
export function parseClinics(raw: unknown, source = 'clinics file'): Map<string, ClinicProfile> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ClinicsFileError(`${source}: must be a JSON object keyed by clinic id`);
  }
  const result = clinicsFileSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      // A bad key: zod reports it on the record with the key in the path (invalid_key).
      if (issue.code === 'invalid_key') return `clinic id '${String(issue.path[0])}': ${issue.issues[0]?.message ?? issue.message}`;
      if (issue.code === 'unrecognized_keys') return `${describePath(issue.path)}: unknown field(s) ${issue.keys.join(', ')}`;
      return `${describePath(issue.path)}: ${issue.message}`;
    });
    throw new ClinicsFileError(`${source}: ${lines.join('; ')}`);
  }
  const clinics = new Map<string, ClinicProfile>();
  for (const [id, c] of Object.entries(result.data)) {
    clinics.set(id, {
      id,
      name: c.name,
      phone: c.phone,
      email: c.email,
      bookingUrl: c.bookingUrl,
      sendTime: c.sendTime,
      window: c.window,
      plannedSessions: c.plannedSessions,
    });
  }
  if (clinics.size === 0) throw new ClinicsFileError(`${source}: no clinics defined`);
  return clinics;
}

/** Reads and validates CLINICS_FILE. Throws ClinicsFileError naming the clinic and field. */
export function loadClinics(file: string): Map<string, ClinicProfile> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ClinicsFileError(`cannot read clinics file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ClinicsFileError(`clinics file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  return parseClinics(raw, `clinics file ${file}`);
}

/** The clinic with this id, or an UnknownClinicError. */
export function getClinic(clinics: ReadonlyMap<string, ClinicProfile>, clinicId: string): ClinicProfile {
  const clinic = clinics.get(clinicId);
  if (!clinic) throw new UnknownClinicError(clinicId, [...clinics.keys()]);
  return clinic;
}
