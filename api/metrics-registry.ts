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

  new Counter({
    name: METRIC_NAMES.sends,
    help: 'Messages the provider took (outcome="sent") or refused for good (outcome="failed"), by clinic and channel (sms, email: to clients; clinic, clinic-sms: to the clinic).',
    labelNames: ['clinic', 'channel', 'outcome'] as const,
    registers: [registry],
    async collect() {
      const { sends } = await totals();
      this.reset();
      for (const r of sends) this.inc({ clinic: r.clinic, channel: r.channel, outcome: r.outcome }, r.count);
    },
  });
  new Counter({
    name: METRIC_NAMES.deliveries,
    help: "Texts Twilio reported delivered, undelivered or failed (status callbacks), by clinic.",
    labelNames: ['clinic', 'status'] as const,
    registers: [registry],
    async collect() {
      const { deliveries } = await totals();
      this.reset();
      for (const r of deliveries) this.inc({ clinic: r.clinic, status: r.status }, r.count);
    },
  });
  new Counter({
    name: METRIC_NAMES.urgentReplies,
    help: "Clients' texts triaged urgent, by clinic.",
    labelNames: ['clinic'] as const,
    registers: [registry],
    async collect() {
      const { urgentReplies } = await totals();
      this.reset();
      for (const r of urgentReplies) this.inc({ clinic: r.clinic }, r.count);
    },
  });
  new Counter({
    name: METRIC_NAMES.optOuts,
    help: 'Clients opting out (sms: STOP; email: the unsubscribe link), each client once a day, by clinic and channel.',
    labelNames: ['clinic', 'channel'] as const,
    registers: [registry],
    async collect() {
      const { optOuts } = await totals();
      this.reset();
      for (const r of optOuts) this.inc({ clinic: r.clinic, channel: r.channel }, r.count);
    },
  });
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
