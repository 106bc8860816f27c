/**
 * Expected against delivered, per run. A message is a (workflow, step, channel):
 * delivered = expected ones seen at least once at the providers; duplicated = every copy beyond the
 * first; lost = expected ones never seen; unexpected = seen but not expected (or untraceable).
 *
 * One kind of extra copy is counted apart, because it is the documented limit of email over SMTP
 * (README, "Delivery guarantees"; activities/email.ts): the worker died after the SMTP server had
 * the whole email and before the send record said so, and the retry sent the byte-identical email
 * again. SMTP cannot be asked whether it already has a message, so that window cannot be closed,
 * and each crash inside it can add one copy. An extra email copy is counted as such a re-send only
 * when every copy before it carries the same Message-ID and has a worker kill of its own within
 * `CRASH_WINDOW_MS` of its arrival (before or after: the server may finish reading an email its
 * sender has just died writing) and before the next copy. Any other extra copy, and every extra
 * text, is a duplicate.
 */
import { renderClinicNotice, type ClinicNoticeKind } from '../../domain/messages';
import type { EnrolledClient } from './fault-clients';
import type { Copy, Deliveries } from './deliveries';
import { keyText, type FaultChannel, type MessageKey } from './expected';

/** How close to a copy's arrival a kill must fall to explain the next copy as a crash-window re-send. */
export const CRASH_WINDOW_MS = 1_000;

export interface ChannelCounts {
  sms: number;
  email: number;
  clinic: number;
}

export interface Verdict {
  expected: ChannelCounts;
  delivered: ChannelCounts;
  duplicated: number;
  /** Same-Message-ID email copies after a kill in the crash window (see above). */
  resentAfterKill: number;
  lost: number;
  unexpected: number;
  /** One line per problem, with ids only (workflow id, step, channel). */
  problems: string[];
}

const zero = (): ChannelCounts => ({ sms: 0, email: 0, clinic: 0 });

function clinicNoticeKind(key: MessageKey): ClinicNoticeKind {
  return key.notice ?? (key.step === 'clinic-follow-up' ? 'clinic-follow-up' : 'unreachable');
}

function expectedSubject(c: EnrolledClient, key: MessageKey): string {
  const { input } = c;
  return renderClinicNotice(clinicNoticeKind(key), {
    clinicName: input.clinic.name,
    clientRef: input.clientRef,
    clientFirstName: input.client.firstName,
    workflowId: c.workflowId,
    sessionNumber: input.session.number,
    timezone: input.client.timezone,
    ...(input.demoSecondsPerDay ? { demo: true } : {}),
  }).subject;
}

export function judge(opts: { expected: MessageKey[]; deliveries: Deliveries; clients: EnrolledClient[]; workerKillsAt: number[] }): Verdict {
  const byWorkflow = new Map(opts.clients.map((c) => [c.workflowId, c]));
  const v: Verdict = { expected: zero(), delivered: zero(), duplicated: 0, resentAfterKill: 0, lost: 0, unexpected: 0, problems: [] };
  const expectedTexts = new Set(opts.expected.map(keyText));

  for (const key of opts.expected) {
    v.expected[key.channel] += 1;
    const seen = opts.deliveries.copies.get(keyText(key));
    if (!seen || seen.copies.length === 0) {
      v.lost += 1;
      v.problems.push(`lost: ${keyText(key)}`);
      continue;
    }
    v.delivered[key.channel] += 1;
    const first = seen.copies[0];
    const extra = seen.copies.length - 1;
    if (extra && isCrashWindowResend(key.channel, seen.copies, opts.workerKillsAt)) {
      v.resentAfterKill += extra;
    } else if (extra) {
      v.duplicated += extra;
      v.problems.push(`duplicated: ${keyText(key)} arrived ${seen.copies.length} times (${describeCopies(seen.copies, opts.workerKillsAt)})`);
    }
    const client = byWorkflow.get(key.workflowId);
    if (key.channel === 'clinic' && client && first?.subject !== expectedSubject(client, key)) {
      v.problems.push(`wrong clinic notice: ${keyText(key)} is not the ${clinicNoticeKind(key)} notice`);
    }
  }
  for (const [text, seen] of opts.deliveries.copies) {
    if (expectedTexts.has(text)) continue;
    v.unexpected += seen.copies.length;
    v.problems.push(`unexpected: ${text} arrived ${seen.copies.length} time(s) but was not expected`);
  }
  for (const what of opts.deliveries.unidentified) {
    v.unexpected += 1;
    v.problems.push(`unidentified: ${what}`);
  }
  return v;
}

function isCrashWindowResend(channel: FaultChannel, copies: Copy[], kills: number[]): boolean {
  if (channel === 'sms') return false;
  const id = copies[0]?.messageId;
  if (!id || copies.some((c) => c.messageId !== id)) return false;
  // Each copy but the last needs a kill of its own near its arrival, before the next copy.
  const used = new Set<number>();
  for (let i = 0; i < copies.length - 1; i++) {
    const here = copies[i]!.receivedAt;
    const next = copies[i + 1]!.receivedAt;
    const kill = kills.find((k) => !used.has(k) && Math.abs(k - here) <= CRASH_WINDOW_MS && k < next);
    if (kill === undefined) return false;
    used.add(kill);
  }
  return true;
}

/** Each copy's arrival against the nearest worker kill, for the report of a duplicate. */
function describeCopies(copies: Copy[], kills: number[]): string {
  return copies
    .map((c, i) => {
      const nearest = kills.reduce<number | undefined>((best, k) => (best === undefined || Math.abs(k - c.receivedAt) < Math.abs(best - c.receivedAt) ? k : best), undefined);
      const kill = nearest === undefined ? 'no kill' : `nearest kill ${((nearest - c.receivedAt) / 1000).toFixed(3)} s`;
      return `copy ${i + 1}: ${kill}${c.messageId ? `, Message-ID #${copies.findIndex((o) => o.messageId === c.messageId) + 1}` : ''}`;
    })
    .join('; ');
}

export function total(c: ChannelCounts): number {
  return c.sms + c.email + c.clinic;
}
