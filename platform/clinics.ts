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
import { CLINIC_ID, CLINIC_ID_HINT, DEFAULT_PLANNED_SESSIONS, E164, E164_HINT, PLANNED_SESSIONS_MAX } from '../domain/identifiers';
import { isWebUrl, WEB_URL_HINT } from '../domain/url';
import { localTimeSchema, windowStringSchema } from '../domain/plan-input';
import { DEFAULT_SEND_TIME, DEFAULT_WINDOW, sendTimeProblem } from '../domain/window';
import type { ClinicProfile } from '../workflows/contract';

export class ClinicsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClinicsFileError';
  }
}

/**
 * The one error for a clinic id that names no clinic: the API answers 404 with `clinicId`, the CLI
 * prints the message. `known`, when given, is listed in the message (for the operator, not for
 * API callers: the API words its own answer from `clinicId`).
 */
export class UnknownClinicError extends Error {
  override readonly name = 'UnknownClinicError';
  readonly clinicId: string;

  constructor(clinicId: string, known?: readonly string[]) {
    const list = known === undefined ? '' : known.length ? ` (known clinics: ${known.join(', ')})` : ' (no clinics configured)';
    super(`unknown clinic '${clinicId}'${list}`);
    this.clinicId = clinicId;
  }
}

const PLANNED_SESSIONS_HINT = `must be a whole number from 1 to ${PLANNED_SESSIONS_MAX}`;

const nonEmpty = (what: string) => z.string({ message: `must be ${what}` }).trim().min(1, { message: `must be ${what}` });

const clinicSchema = z
  .object({
    name: nonEmpty('the clinic name'),
    phone: z.string({ message: E164_HINT }).trim().regex(E164, { message: E164_HINT }),
    email: z.string({ message: 'must be an email address' }).trim().pipe(z.email({ message: 'must be an email address' })),
    bookingUrl: z.string({ message: WEB_URL_HINT }).trim().refine(isWebUrl, { message: WEB_URL_HINT }),
    sendTime: localTimeSchema.default(DEFAULT_SEND_TIME),
    window: windowStringSchema.default({ ...DEFAULT_WINDOW }),
    plannedSessions: z
      .number({ message: PLANNED_SESSIONS_HINT })
      .int({ message: PLANNED_SESSIONS_HINT })
      .min(1, { message: PLANNED_SESSIONS_HINT })
      .max(PLANNED_SESSIONS_MAX, { message: PLANNED_SESSIONS_HINT })
      .default(DEFAULT_PLANNED_SESSIONS),
  })
  .strict()
  .superRefine((c, ctx) => {
    // Refinements run even when a field failed: check only what parsed.
    if (typeof c.window !== 'object' || c.window === null) return;
    const problem = sendTimeProblem(c.sendTime, c.window);
    if (problem) ctx.addIssue({ code: 'custom', path: ['sendTime'], message: problem });
  });

const clinicsFileSchema = z.record(
  z.string().regex(CLINIC_ID, { message: CLINIC_ID_HINT }),
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
