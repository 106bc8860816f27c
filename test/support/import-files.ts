/** Client import files for tests (docs/import.md's format), with sessions dated from now. */
import { DateTime } from 'luxon';
import { IMPORT_COLUMNS, type ImportColumn } from '../../domain/import-csv';

export type ImportRow = Partial<Record<ImportColumn, string>>;

/** A row that passes the check: a northside client whose session was `daysAgo` days ago. */
export function goodRow(clientRef: string, daysAgo: number, overrides: ImportRow = {}): ImportRow {
  return {
    clinicId: 'northside',
    clientRef,
    firstName: 'Robin',
    phone: '+12125550199',
    email: `${clientRef.toLowerCase()}@example.com`,
    timezone: 'America/New_York',
    consentSms: 'yes',
    consentEmail: 'true',
    sessionNumber: '1',
    plannedSessions: '3',
    performedAt: DateTime.now().minus({ days: daysAgo, minutes: 5 }).setZone('America/New_York').toISO({ suppressMilliseconds: true }) as string,
    ...overrides,
  };
}

const quoted = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The file's text: the header (every column, or `columns`), then the rows. */
export function csvOf(rows: readonly ImportRow[], columns: readonly string[] = IMPORT_COLUMNS): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => quoted(r[c as ImportColumn] ?? '')).join(','))].join('\n') + '\n';
}
