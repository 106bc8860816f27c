/**
 * The client import file (interface.md, "Import CSV columns"): one row per treatment session, its
 * columns, and how a row becomes the enrolment body the HTTP API takes. Defined once, so the check
 * and the enrolment read a row the same way, and a refusal names the body's field (`client.phone`)
 * exactly as the API would.
 */
import type { FieldIssue } from './field-issue';

/** Every column a file must have, in interface.md's order. */
export const REQUIRED_COLUMNS = [
  'clinicId',
  'clientRef',
  'firstName',
  'phone',
  'email',
  'timezone',
  'consentSms',
  'consentEmail',
  'sessionNumber',
  'plannedSessions',
  'performedAt',
] as const;
/** Columns a file may leave out. */
export const OPTIONAL_COLUMNS = ['locale', 'region'] as const;
export const IMPORT_COLUMNS = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** The words a consent cell may hold (any case): everything else is refused, never guessed. */
export const CONSENT_WORDS = { yes: ['true', 'yes', '1'], no: ['false', 'no', '0'] } as const;

/** The longest row read (a file without line breaks must not fill the memory). */
export const MAX_ROW_CHARS = 16 * 1024;

/** The header's line: data rows count from 2, as a spreadsheet numbers them. */
export const HEADER_LINE = 1;

/** Where each column is in the file's rows. */
export type ColumnIndex = Partial<Record<ImportColumn, number>>;

const known: ReadonlySet<string> = new Set(IMPORT_COLUMNS);

/**
 * The header's problems (each a `header` issue naming the column), or none. Columns may come in
 * any order; their names are matched exactly (case included), as the enrolment body spells them.
 */
export function headerIssues(header: readonly string[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const name of header) {
    if (!known.has(name)) issues.push({ path: 'header', message: `unknown column "${name.slice(0, 40)}" (the columns are: ${IMPORT_COLUMNS.join(', ')})` });
    else if (seen.has(name)) issues.push({ path: 'header', message: `column "${name}" appears twice` });
    seen.add(name);
  }
  for (const name of REQUIRED_COLUMNS) if (!seen.has(name)) issues.push({ path: 'header', message: `missing column "${name}"` });
  return issues;
}

export function columnIndexOf(header: readonly string[]): ColumnIndex {
  const index: ColumnIndex = {};
  header.forEach((name, i) => {
    if (known.has(name)) index[name as ImportColumn] = i;
  });
  return index;
}

/** A cell as typed, or undefined when the column is absent or the cell empty. */
function cell(cells: readonly string[], index: ColumnIndex, column: ImportColumn): string | undefined {
  const i = index[column];
  if (i === undefined) return undefined;
  const value = cells[i];
  return value === undefined || value === '' ? undefined : value;
}

/** A consent word as a boolean; anything else is passed on as typed, for the schema to refuse. */
function consentOf(value: string | undefined): boolean | string | undefined {
  if (value === undefined) return undefined;
  const word = value.toLowerCase();
  if ((CONSENT_WORDS.yes as readonly string[]).includes(word)) return true;
  if ((CONSENT_WORDS.no as readonly string[]).includes(word)) return false;
  return value;
}

/** A number as a number (the schema says whether it is whole and in range); anything else as typed. */
function numberOf(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  return /^[+-]?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}

/** Drops the keys whose value is undefined, as a JSON body would not have them. */
function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * A row as the enrolment body (interface.md's `POST /api/enrollments`): empty `phone`, `email`,
 * `plannedSessions`, `locale` and `region` are absent; an empty required cell is absent too, so the
 * schema says "is required" where it can.
 */
export function enrollmentBodyOf(cells: readonly string[], index: ColumnIndex): Record<string, unknown> {
  const get = (column: ImportColumn) => cell(cells, index, column);
  return defined({
    clinicId: get('clinicId'),
    clientRef: get('clientRef'),
    client: defined({
      firstName: get('firstName'),
      phone: get('phone'),
      email: get('email'),
      timezone: get('timezone'),
      locale: get('locale'),
      region: get('region'),
      consent: defined({ sms: consentOf(get('consentSms')), email: consentOf(get('consentEmail')) }),
    }),
    session: defined({ number: numberOf(get('sessionNumber')), performedAt: get('performedAt'), plannedSessions: numberOf(get('plannedSessions')) }),
  });
}

/** A row whose number of cells is not the header's. */
export function rowLengthIssue(cells: readonly string[], header: readonly string[]): FieldIssue | undefined {
  if (cells.length === header.length) return undefined;
  return { path: '(row)', message: `has ${cells.length} fields where the header has ${header.length}` };
}

/** What the CSV reader's error codes mean, in our words and without the text it could not read. */
export function csvProblem(code: string | undefined): string {
  switch (code) {
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'is not valid CSV: a quoted field is followed by other characters';
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'is not valid CSV: a quote opened here is never closed, so the rest of the file cannot be read';
    case 'CSV_MAX_RECORD_SIZE':
      return `is longer than ${MAX_ROW_CHARS} characters`;
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_OPENING_QUOTE':
      return 'is not valid CSV: a quote appears inside an unquoted field';
    default:
      return 'is not valid CSV';
  }
}
