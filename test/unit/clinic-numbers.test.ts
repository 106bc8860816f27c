/** The numbers' assembly (app/clinic-numbers.ts): the period's days, zero-filling, totals, conversion and the CSV; an answer before the phases are counted. */
import type { Client } from '@temporalio/client';
import { assembleNumbers, clinicNumbers, daysOf, numbersQuery, periodOf } from '../../app/clinic-numbers';
import { numbersCsv } from '../../app/clinic-numbers-csv';
import { PHASES } from '../../app/clinic-numbers-phases';
import { phaseCountsCache } from '../../app/phase-counts-cache';
import type { ClinicNumbersRows, ClinicNumbersStore } from '../../platform/numbers';

const NOW = new Date('2026-03-01T00:30:00Z');
const EMPTY: ClinicNumbersRows = { sends: [], deliveries: [], booking: { asked: 0, bookedByDay14: 0 }, urgent: { byDay: [], medianMinutesToHandled: null }, optOuts: [] };
const clients = { running: 0, byPhase: PHASES.map((phase) => ({ phase, count: 0 })), countedAt: NOW.toISOString() };

it('covers the last 30 or 90 UTC days up to today, across a month end, with the period half-open at the next midnight', () => {
  const { period, list } = periodOf(30, NOW);
  expect(list).toHaveLength(30);
  expect([list[0], list.at(-1)]).toEqual(['2026-01-31', '2026-03-01']);
  expect(period).toEqual({ from: new Date('2026-01-31T00:00:00Z'), to: new Date('2026-03-02T00:00:00Z') });
  expect(periodOf(90, NOW).list[0]).toBe('2025-12-02');
});

it('takes days 30 or 90 only, 30 by default', () => {
  expect(daysOf(numbersQuery.parse({}))).toBe(30);
  expect(daysOf(numbersQuery.parse({ days: '90' }))).toBe(90);
  for (const days of ['7', '30 ', '', 'ninety']) expect(numbersQuery.safeParse({ days }).success).toBe(false);
});

it('zero-fills every day, adds texts delivered and failed from the reports, counts email delivered as accepted, and rounds the conversion', () => {
  const rows: ClinicNumbersRows = {
    sends: [
      { day: '2026-03-01', channel: 'sms', outcome: 'sent', count: 4 },
      { day: '2026-03-01', channel: 'sms', outcome: 'failed', count: 1 },
      { day: '2026-02-27', channel: 'email', outcome: 'sent', count: 3 },
      { day: '2026-02-27', channel: 'email', outcome: 'failed', count: 2 },
    ],
    deliveries: [
      { day: '2026-03-01', status: 'delivered', count: 3 },
      { day: '2026-03-01', status: 'undelivered', count: 1 },
      { day: '2026-03-01', status: 'failed', count: 1 },
    ],
    booking: { asked: 3, bookedByDay14: 2 },
    urgent: { byDay: [{ day: '2026-02-28', replies: 2, handled: 1 }], medianMinutesToHandled: 42.5 },
    optOuts: [{ day: '2026-02-28', channel: 'email', count: 1 }],
  };
  const n = assembleNumbers({ clinicId: 'northside', days: 30, now: NOW, rows, clients });
  expect(n).toMatchObject({ from: '2026-01-31', to: '2026-03-01', generatedAt: NOW.toISOString() });
  expect(n.sends.byDay.at(-1)).toEqual({ day: '2026-03-01', sms: { sent: 4, delivered: 3, failed: 3 }, email: { sent: 0, delivered: 0, failed: 0 } });
  expect(n.sends.byDay.at(-3)).toEqual({ day: '2026-02-27', sms: { sent: 0, delivered: 0, failed: 0 }, email: { sent: 3, delivered: 3, failed: 2 } });
  expect(n.sends.totals).toEqual({ sms: { sent: 4, delivered: 3, failed: 3 }, email: { sent: 3, delivered: 3, failed: 2 } });
  expect(n.booking).toEqual({ asked: 3, bookedByDay14: 2, conversion: 0.667 });
  expect(n.urgent).toMatchObject({ replies: 2, handled: 1, medianMinutesToHandled: 42.5 });
  expect(n.urgent.byDay).toHaveLength(30);
  expect(n.optOuts).toMatchObject({ sms: 0, email: 1 });
  const csv = numbersCsv(n).split('\r\n');
  expect(csv).toHaveLength(32);
  expect(csv.at(-2)).toBe('2026-03-01,4,3,3,0,0,0,0,0,0,0');
  expect(csv.at(-3)).toBe('2026-02-28,0,0,0,0,0,0,2,1,0,1');
  expect(assembleNumbers({ clinicId: 'northside', days: 90, now: NOW, rows: EMPTY, clients }).booking.conversion).toBeNull();
  expect(n.clients).toEqual({ ...clients, counting: false });
});

it('answers with every other figure while the phases are still being counted, and the counting is kept for the next ask', async () => {
  // A server whose counts answer only when the test says: every count asked waits for `finish`.
  const counts: ((answer: { count: number }) => void)[] = [];
  const finish = (n: number) => counts.forEach((answer) => answer({ count: n }));
  const client = {
    connection: { withDeadline: <T>(_deadline: number, fn: () => Promise<T>) => fn() },
    workflow: { count: () => new Promise<{ count: number }>((resolve) => counts.push(resolve)) },
  } as unknown as Client;
  const store = { read: async () => ({ ...EMPTY, booking: { asked: 2, bookedByDay14: 1 } }) } as unknown as ClinicNumbersStore;
  const phases = phaseCountsCache();
  const ask = () => clinicNumbers({ client, store, phases, clinicId: 'northside', days: 30, now: new Date(), countsWaitMs: 20 });

  const first = await ask();
  expect(first.clients).toEqual({ counting: true, running: null, byPhase: [], countedAt: null });
  expect(first.booking).toEqual({ asked: 2, bookedByDay14: 1, conversion: 0.5 });
  const asked = counts.length;
  expect(asked).toBe(PHASES.length + 1);

  finish(7);
  await new Promise((r) => setTimeout(r, 5));
  // The counting went on after the first answer and was kept: the next ask is answered from it.
  const second = await ask();
  expect(second.clients).toMatchObject({ counting: false, running: 7 });
  expect(counts).toHaveLength(asked);
});
