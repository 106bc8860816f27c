/**
 * The bulk imports' record (platform/database/import-store.ts implements it on the `imports` table,
 * migration 0008): what an import of a client file has done so far, so that it can be followed,
 * resumed where it stopped, and counted. Never the file itself, nor any value from it.
 */
import type { ImportRefusal, ImportsTable } from './database/schema';

export type { ImportRefusal } from './database/schema';
export type ImportState = ImportsTable['state'];
export type ImportVia = ImportsTable['via'];

export interface ImportProgress {
  totalRows: number;
  refusedRows: number;
  enrolled: number;
  alreadyEnrolled: number;
  failedRows: number;
  /** Every data line up to this one is settled. */
  checkpointLine: number;
  /** The first refusals and failures, in line order (a capped list; the counts hold them all). */
  refusals: ImportRefusal[];
}

export interface ImportRecord extends ImportProgress {
  id: string;
  /** The clinic the caller acts for; null for an operator's or administrator's file. */
  clinicId: string | null;
  sourceDigest: string;
  actor: string;
  via: ImportVia;
  state: ImportState;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

export interface ImportStore {
  create(record: Pick<ImportRecord, 'id' | 'clinicId' | 'sourceDigest' | 'actor' | 'via' | 'startedAt'>): Promise<ImportRecord>;
  get(id: string): Promise<ImportRecord | undefined>;
  /** The newest first; only the clinic's when `clinicId` is given. */
  list(query: { clinicId?: string; limit: number }): Promise<ImportRecord[]>;
  /** An import of this file, by this scope, that has not finished (any state but done and failed), newest first. */
  findUnfinished(sourceDigest: string, clinicId: string | null): Promise<ImportRecord | undefined>;
  /**
   * Takes an unfinished import over, atomically: only when it was interrupted, or its process has
   * written nothing since `staleBefore` (it died). False when another process still runs it.
   */
  claim(id: string, staleBefore: Date, now: Date): Promise<boolean>;
  /** Writes progress (and, with `state`, the state; with `finishedAt`, the end). */
  save(id: string, change: Partial<ImportProgress> & { state?: ImportState; updatedAt: Date; finishedAt?: Date }): Promise<void>;
  /** Imports whose process stopped writing before `staleBefore` become interrupted; how many did. */
  interruptStale(staleBefore: Date): Promise<number>;
}
