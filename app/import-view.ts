/**
 * An import as the API and the page show it (ImportView, the issue-17 contract): its counts, how
 * fast it goes and how long it has left, and its refusals. An import whose process stopped writing
 * (it died) shows as interrupted, whatever its row says.
 */
import type { ImportRecord, ImportRefusal, ImportState, ImportVia } from '../platform/imports';
import { canSeeClinic, isAdmin, type Caller } from './caller';
import { STALE_AFTER_MS } from './import-limits';

export interface ImportView {
  id: string;
  clinicId: string | null;
  state: ImportState;
  via: ImportVia;
  total: number;
  /** Rows with an outcome: enrolled, already enrolled, refused or failed. */
  settled: number;
  enrolled: number;
  alreadyEnrolled: number;
  refused: number;
  failed: number;
  ratePerSecond: number | null;
  secondsLeft: number | null;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
  /** The first refusals by line; rows that could not be started are among them with the path `(start)`. */
  refusals: ImportRefusal[];
}

export function importView(r: ImportRecord, now: Date): ImportView {
  const live = r.state === 'checking' || r.state === 'running';
  const state: ImportState = live && now.getTime() - r.updatedAt.getTime() > STALE_AFTER_MS ? 'interrupted' : r.state;
  const started = r.enrolled + r.alreadyEnrolled + r.failedRows;
  const seconds = (r.updatedAt.getTime() - r.startedAt.getTime()) / 1000;
  const rate = seconds > 0 && started > 0 ? started / seconds : null;
  const left = Math.max(0, r.totalRows - r.refusedRows - started);
  return {
    id: r.id,
    clinicId: r.clinicId,
    state,
    via: r.via,
    total: r.totalRows,
    settled: started + r.refusedRows,
    enrolled: r.enrolled,
    alreadyEnrolled: r.alreadyEnrolled,
    refused: r.refusedRows,
    failed: r.failedRows,
    ratePerSecond: rate === null ? null : Math.round(rate * 10) / 10,
    secondsLeft: state === 'done' ? 0 : state === 'running' && rate ? Math.ceil(left / rate) : null,
    startedAt: r.startedAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    finishedAt: r.finishedAt ? r.finishedAt.toISOString() : null,
    refusals: r.refusals,
  };
}

/**
 * Whether the caller may see an import: administrators every one; others those of their clinic
 * (an administrator's import, which may span clinics, is theirs alone).
 */
export const canSeeImport = (caller: Caller, r: Pick<ImportRecord, 'clinicId'>): boolean =>
  isAdmin(caller) || (r.clinicId !== null && canSeeClinic(caller, r.clinicId));
