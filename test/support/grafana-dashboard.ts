/** Reading the Grafana dashboard (deploy/grafana/dashboards/aftercare.json) in tests: its panels, queries and the metrics they name. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../platform/paths';

type Dict = Record<string, unknown>;

export const DASHBOARD_FILE = path.join(PROJECT_ROOT, 'deploy', 'grafana', 'dashboards', 'aftercare.json');

export const readDashboard = (): Dict => JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as Dict;

/** Every panel of a dashboard, rows' nested panels included. */
export const panelsOf = (dashboard: Dict): Dict[] => ((dashboard.panels as Dict[] | undefined) ?? []).flatMap((p) => [p, ...((p.panels as Dict[] | undefined) ?? [])]);

/** The PromQL a dashboard runs: its panels' targets and its query variables. */
export function dashboardExpressions(dashboard: Dict): string[] {
  const targets = panelsOf(dashboard).flatMap((p) => ((p.targets as Dict[] | undefined) ?? []).map((t) => String(t.expr ?? '')));
  const variables = (((dashboard.templating as Dict | undefined)?.list as Dict[] | undefined) ?? []).map((v) => String(v.definition ?? ''));
  return [...targets, ...variables];
}

/** Metric names in PromQL (histogram suffixes kept): whatever looks like `aftercare_...` or `temporal_...`. */
export const metricNamesIn = (expressions: string[]): string[] =>
  [...new Set(expressions.flatMap((e) => [...e.matchAll(/\b(aftercare|temporal)_[a-z_]+\b/g)].map((m) => m[0])))].sort();
