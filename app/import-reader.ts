/**
 * Reads an import file as a stream (csv-parse), one row at a time, never the whole file: the header
 * checked first, then each row with its line number (1 = the header) as its cells, or as the
 * reason it cannot be read.
 */
import type { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { columnIndexOf, csvProblem, HEADER_LINE, headerIssues, MAX_ROW_CHARS, rowLengthIssue, type ColumnIndex } from '../domain/import-csv';
import type { FieldIssue } from '../domain/field-issue';
import { InvalidInputError } from './errors';

/** Lines come strictly in increasing order. */
export type ImportLine = { line: number; cells: string[]; issue?: undefined } | { line: number; issue: FieldIssue; cells?: undefined };

export interface ImportFile {
  header: string[];
  index: ColumnIndex;
  rows: AsyncGenerator<ImportLine>;
}

const newlines = (cells: readonly string[]): number => cells.reduce((n, c) => n + (c.includes('\n') ? c.split('\n').length - 1 : 0), 0);

/**
 * Opens the file: InvalidInputError (path `header`) when its first line is not a valid header,
 * before any row is read.
 */
export async function openImportFile(source: Readable): Promise<ImportFile> {
  const skipped: ImportLine[] = [];
  const parser = source.pipe(
    parse({
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      record_delimiter: ['\r\n', '\n'],
      max_record_size: MAX_ROW_CHARS,
      info: true,
      skip_records_with_error: true,
      on_skip: (err: CsvError | undefined) => {
        if (err) skipped.push({ line: Number((err as unknown as { lines?: number }).lines ?? 0), issue: { path: '(row)', message: csvProblem(err.code) } });
      },
    }),
  );
  source.on('error', (err) => parser.destroy(err));
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: { lines: number } }>;
  const first = await records.next();
  if (first.done) throw new InvalidInputError([{ path: 'header', message: 'the file is empty: its first line must name the columns' }]);
  const header = first.value.record;
  const issues = headerIssues(header);
  if (issues.length) {
    parser.destroy();
    throw new InvalidInputError(issues);
  }
  if (first.value.info.lines !== HEADER_LINE) {
    parser.destroy();
    throw new InvalidInputError([{ path: 'header', message: 'must be on the first line' }]);
  }
  async function* rows(): AsyncGenerator<ImportLine> {
    let last = HEADER_LINE;
    try {
      for (;;) {
        const next = await records.next();
        // The reader runs ahead of the rows taken, so what it skipped goes out in line order, once a line.
        const line = next.done ? Infinity : next.value.info.lines - newlines(next.value.record);
        skipped.sort((a, b) => a.line - b.line);
        while (skipped.length && (skipped[0] as ImportLine).line < line) {
          const bad = skipped.shift() as ImportLine;
          if (bad.line > last) yield bad;
          last = Math.max(last, bad.line);
        }
        if (next.done) return;
        const { record } = next.value;
        // info.lines is where the row ends; a quoted line break inside it moves its start back.
        if (line <= last) continue;
        last = line;
        const issue = rowLengthIssue(record, header);
        yield issue ? { line, issue } : { line, cells: record };
      }
    } finally {
      parser.destroy();
    }
  }
  return { header, index: columnIndexOf(header), rows: rows() };
}
