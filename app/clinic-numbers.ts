/**
 * A clinic's numbers over the last 30 or 90 days (issue 17; docs/metrics.md says what each figure
 * means): clients in each phase (Temporal visibility counts, taken at most seconds ago), and from the application
 * database, by UTC day: texts and emails sent, delivered and failed, booking conversion, urgent
 * replies and the time until staff handled them, opt-outs. Every day of the period is present,
 * oldest first, zero-filled. The API serves it as JSON and as CSV (app/clinic-numbers-csv.ts).
 */
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { ClinicNumbersRows, ClinicNumbersStore, NumbersChannel, Period } from '../platform/numbers';
import { phaseCounts } from './clinic-numbers-phases';
import type { CountedPhases, PhaseCountsCache } from './phase-counts-cache';

/** The periods offered, in days; the first is the default. */
export const NUMBERS_DAYS = [30, 90] as const;
export type NumbersDays = (typeof NUMBERS_DAYS)[number];

export const numbersQuery = z.object({
  days: z
    .enum(NUMBERS_DAYS.map(String) as [`${NumbersDays}`, ...`${NumbersDays}`[]], { message: `must be ${NUMBERS_DAYS.join(' or ')}` })
    .optional()
    .meta({ description: `The period, in days ending today (UTC): ${NUMBERS_DAYS.join(' or ')}; default ${NUMBERS_DAYS[0]}.` }),
});

/** The period a parsed query asks for. */
export const daysOf = (query: z.output<typeof numbersQuery>): NumbersDays => (query.days ? (Number(query.days) as NumbersDays) : NUMBERS_DAYS[0]);

export interface ChannelFigures {
  sent: number;
  delivered: number;
  failed: number;
}

/**
 * Clients in each phase now, or, while the first counting in a while is still under way after the
 * caller's wait (PHASE_COUNTS_WAIT_MS for the page), none yet: the page shows the rest and asks again.
 */
export type ClientsNow = (CountedPhases & { counting: false }) | { counting: true; running: null; byPhase: []; countedAt: null };

const STILL_COUNTING: ClientsNow = { counting: true, running: null, byPhase: [], countedAt: null };

export interface ClinicNumbers {
  clinicId: string;
  days: NumbersDays;
  from: string;
  to: string;
  generatedAt: string;
  clients: ClientsNow;
  sends: {
    byDay: { day: string; sms: ChannelFigures; email: ChannelFigures }[];
    totals: { sms: ChannelFigures; email: ChannelFigures };
  };
  booking: { asked: number; bookedByDay14: number; conversion: number | null };
  urgent: { replies: number; handled: number; medianMinutesToHandled: number | null; byDay: { day: string; replies: number; handled: number }[] };
  optOuts: { sms: number; email: number; byDay: { day: string; sms: number; email: number }[] };
}

const DAY_MS = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The last `days` UTC days up to and including today's, and their half-open period. */
export function periodOf(days: number, now: Date): { period: Period; list: string[] } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const from = new Date(today - (days - 1) * DAY_MS);
  const list = Array.from({ length: days }, (_, i) => isoDay(new Date(from.getTime() + i * DAY_MS)));
  return { period: { from, to: new Date(today + DAY_MS) }, list };
}

/** Email has no delivery report: "delivered" is what the receiving mail server accepted (docs/metrics.md). */
function figuresOf(rows: ClinicNumbersRows, day: string, channel: NumbersChannel): ChannelFigures {
  const count = (outcome: 'sent' | 'failed') => rows.sends.find((r) => r.day === day && r.channel === channel && r.outcome === outcome)?.count ?? 0;
  const report = (status: 'delivered' | 'undelivered' | 'failed') => rows.deliveries.find((r) => r.day === day && r.status === status)?.count ?? 0;
  if (channel === 'email') return { sent: count('sent'), delivered: count('sent'), failed: count('failed') };
  return { sent: count('sent'), delivered: report('delivered'), failed: count('failed') + report('undelivered') + report('failed') };
}

const add = (a: ChannelFigures, b: ChannelFigures): ChannelFigures => ({ sent: a.sent + b.sent, delivered: a.delivered + b.delivered, failed: a.failed + b.failed });
const NONE: ChannelFigures = { sent: 0, delivered: 0, failed: 0 };

/** The numbers from the store's rows and the phase counts (pure: the tests feed it rows). */
export function assembleNumbers(input: { clinicId: string; days: NumbersDays; now: Date; rows: ClinicNumbersRows; clients: CountedPhases | undefined }): ClinicNumbers {
  const { rows } = input;
  const { list } = periodOf(input.days, input.now);
  const byDay = list.map((day) => ({ day, sms: figuresOf(rows, day, 'sms'), email: figuresOf(rows, day, 'email') }));
  const urgentByDay = list.map((day) => rows.urgent.byDay.find((r) => r.day === day) ?? { day, replies: 0, handled: 0 });
  const optOut = (day: string, channel: NumbersChannel) => rows.optOuts.find((r) => r.day === day && r.channel === channel)?.count ?? 0;
  const optOutsByDay = list.map((day) => ({ day, sms: optOut(day, 'sms'), email: optOut(day, 'email') }));
  const { asked, bookedByDay14 } = rows.booking;
  return {
    clinicId: input.clinicId,
    days: input.days,
    from: list[0]!,
    to: list.at(-1)!,
    generatedAt: input.now.toISOString(),
    clients: input.clients ? { ...input.clients, counting: false } : STILL_COUNTING,
    sends: {
      byDay,
      totals: { sms: byDay.reduce((t, d) => add(t, d.sms), NONE), email: byDay.reduce((t, d) => add(t, d.email), NONE) },
    },
    booking: { asked, bookedByDay14, conversion: asked === 0 ? null : Math.round((bookedByDay14 / asked) * 1000) / 1000 },
    urgent: {
      replies: urgentByDay.reduce((t, d) => t + d.replies, 0),
      handled: urgentByDay.reduce((t, d) => t + d.handled, 0),
      medianMinutesToHandled: rows.urgent.medianMinutesToHandled,
      byDay: urgentByDay,
    },
    optOuts: { sms: optOutsByDay.reduce((t, d) => t + d.sms, 0), email: optOutsByDay.reduce((t, d) => t + d.email, 0), byDay: optOutsByDay },
  };
}

/**
 * The clinic's numbers; the caller has checked the clinic is theirs to see. The phase counts come
 * through the process's cache (up to PHASE_COUNTS_FRESH_MS old, or a little more while recounted:
 * app/phase-counts-cache.ts), waited for up to `countsWaitMs`; the database's figures are read each time.
 */
export async function clinicNumbers(req: {
  client: Client;
  store: ClinicNumbersStore;
  phases: PhaseCountsCache;
  clinicId: string;
  days: NumbersDays;
  now: Date;
  /** How long to wait for a counting under way: PHASE_COUNTS_WAIT_MS for the page, 0 for an answer that does not show the counts (the CSV). */
  countsWaitMs: number;
}): Promise<ClinicNumbers> {
  const { period } = periodOf(req.days, req.now);
  const [rows, clients] = await Promise.all([
    req.store.read(req.clinicId, period),
    req.phases.get(req.clinicId, req.now, () => phaseCounts(req.client, req.clinicId), req.countsWaitMs),
  ]);
  return assembleNumbers({ clinicId: req.clinicId, days: req.days, now: req.now, rows, clients });
}
