/**
 * The import file of the scale item: N sessions of distinct clients in the CSV that
 * `aftercare import` reads (interface.md's columns), spread over clinics in turn, all in one zone.
 * Phones are in the 555-01xx range North American numbering keeps for fiction, across a few area
 * codes, so every one is valid and none is anybody's.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

export const SCALE_CSV_HEADER = 'clinicId,clientRef,firstName,phone,email,timezone,consentSms,consentEmail,sessionNumber,plannedSessions,performedAt';

const AREA_CODES = [212, 312, 415, 201, 617, 305, 206, 303, 404, 503] as const;

/** A valid, fictional phone for client `i` (+1 NPA 555-01xx). */
export function scalePhone(i: number): string {
  const npa = AREA_CODES[Math.floor(i / 100) % AREA_CODES.length]!;
  return `+1${npa}55501${String(i % 100).padStart(2, '0')}`;
}

export interface ScaleRows {
  rows: number;
  clinicIds: readonly string[];
  /** Makes this run's client references its own. */
  tag: string;
  zone: string;
  /** When every session was performed (ISO 8601 with offset). */
  performedAt: string;
}

/**
 * Row `i` (0-based, header not counted): clinic `i mod clinics`, SMS and email consented, a course
 * of one session. With more sessions planned, a first session's run first signals the client's
 * later sessions (workflows/supersede.ts), which for a new client fail: two more workflow tasks
 * each, tripling the worker's catch-up time without changing what the item measures.
 */
export function scaleCsvRow(i: number, o: Omit<ScaleRows, 'rows'>): string {
  const clinicId = o.clinicIds[i % o.clinicIds.length]!;
  return [clinicId, `S${o.tag}x${i}`, 'Bench', scalePhone(i), `client${i}@example.com`, o.zone, 'true', 'true', '1', '1', o.performedAt].join(',');
}

/** Row indexes of clinic `clinicIndex`'s clients. */
export function clientsOfClinic(rows: number, clinics: number, clinicIndex: number): number {
  return Math.floor(rows / clinics) + (clinicIndex < rows % clinics ? 1 : 0);
}

/** Writes the file, streamed: 100 000 rows never sit in memory at once. */
export async function writeScaleCsv(file: string, o: ScaleRows): Promise<void> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  await write(SCALE_CSV_HEADER);
  for (let i = 0; i < o.rows; i++) await write(scaleCsvRow(i, o));
  out.end();
  await once(out, 'finish');
}
