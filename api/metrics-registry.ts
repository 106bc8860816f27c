/**
 * The business metrics `GET /metrics` serves (prom-client, text format; docs/metrics.md): counts by
 * clinic, read from the application database when Prometheus scrapes (platform/numbers.ts
 * MetricTotalsStore), so they are right whichever process sent, received or imported. One read
 * serves every series of a scrape, and a scrape within CACHE_MS of the last one reuses it: the
 * database's cost stays bounded whatever the number of Prometheus servers or their rate.
 *
 * Labels are clinic ids, import ids and fixed words (channels, outcomes, statuses, states), never
 * personal data. An import of an operator's file that spans clinics has `clinic="*"`.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import type { MetricTotals, MetricTotalsStore } from '../platform/numbers';

/** How long one read of the totals serves scrapes. */
export const CACHE_MS = 5_000;

/** The `clinic` label of an import that is not one clinic's. */
export const ANY_CLINIC = '*';

/** The row states of aftercare_import_rows: what became of each row of the file so far. */
export const IMPORT_ROW_STATES = ['enrolled', 'already_enrolled', 'refused', 'failed', 'waiting'] as const;

/** The series, by name: the Grafana dashboard (deploy/grafana) queries these and nothing else of the API. */
export const METRIC_NAMES = {
  sends: 'aftercare_sends_total',
  deliveries: 'aftercare_text_deliveries_total',
  urgentReplies: 'aftercare_urgent_replies_total',
  optOuts: 'aftercare_opt_outs_total',
  importRows: 'aftercare_import_rows',
  importState: 'aftercare_import_state',
  scrapeErrors: 'aftercare_metrics_read_errors_total',
} as const;

export function metricsRegistry(store: MetricTotalsStore, now: () => number = Date.now): Registry {
  const registry = new Registry();
  let cached: { at: number; totals: Promise<MetricTotals> } | undefined;
  const errors = new Counter({ name: METRIC_NAMES.scrapeErrors, help: 'Scrapes whose totals could not be read from the application database.', registers: [registry] });

  /** The totals of this scrape: one database read for every series, at most once per CACHE_MS. */
  function totals(): Promise<MetricTotals> {
    if (!cached || now() - cached.at >= CACHE_MS) {
      const read = store.read();
      cached = { at: now(), totals: read };
      read.catch(() => {
        errors.inc();
        if (cached?.totals === read) cached = undefined;
      });
    }
    return cached.totals;
  }

  /** A counter whose values are this scrape's totals: each row gives its labels and its count. */
  function totalsCounter<L extends string>(name: string, help: string, labelNames: readonly L[], rowsOf: (t: MetricTotals) => readonly ({ count: number } & Record<L, string>)[]): void {
    new Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const rows = rowsOf(await totals());
        this.reset();
        for (const r of rows) {
          const labels = {} as Record<L, string>;
          for (const l of labelNames) labels[l] = r[l];
          this.inc(labels, r.count);
        }
      },
    });
  }

  totalsCounter(
    METRIC_NAMES.sends,
    'Messages the provider took (outcome="sent") or refused for good (outcome="failed"), by clinic and channel (sms, email: to clients; clinic, clinic-sms: to the clinic).',
    ['clinic', 'channel', 'outcome'],
    (t) => t.sends,
  );
  totalsCounter(METRIC_NAMES.deliveries, "Texts Twilio reported delivered, undelivered or failed (status callbacks), by clinic.", ['clinic', 'status'], (t) => t.deliveries);
  totalsCounter(METRIC_NAMES.urgentReplies, "Clients' texts triaged urgent, by clinic.", ['clinic'], (t) => t.urgentReplies);
  totalsCounter(
    METRIC_NAMES.optOuts,
    'Clients opting out (sms: STOP; email: the unsubscribe link), each client once a day, by clinic and channel.',
    ['clinic', 'channel'],
    (t) => t.optOuts,
  );
  new Gauge({
    name: METRIC_NAMES.importRows,
    help: `Rows of each recent or unfinished import by what became of them (${IMPORT_ROW_STATES.join(', ')}).`,
    labelNames: ['import', 'clinic', 'state'] as const,
    registers: [registry],
    async collect() {
      const { imports } = await totals();
      this.reset();
      for (const i of imports) {
        const settled = i.enrolled + i.alreadyEnrolled + i.refused + i.failed;
        const rows = { enrolled: i.enrolled, already_enrolled: i.alreadyEnrolled, refused: i.refused, failed: i.failed, waiting: Math.max(0, i.total - settled) };
        for (const state of IMPORT_ROW_STATES) this.set({ import: i.id, clinic: i.clinic ?? ANY_CLINIC, state }, rows[state]);
      }
    },
  });
  new Gauge({
    name: METRIC_NAMES.importState,
    help: 'The state of each recent or unfinished import: 1 for its current state (checking, running, done, interrupted, failed).',
    labelNames: ['import', 'clinic', 'state'] as const,
    registers: [registry],
    async collect() {
      const { imports } = await totals();
      this.reset();
      for (const i of imports) this.set({ import: i.id, clinic: i.clinic ?? ANY_CLINIC, state: i.state }, 1);
    },
  });
  return registry;
}
