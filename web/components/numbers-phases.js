/**
 * Clients in each phase of their aftercare now: a bar per phase, in the plan's order (the server's).
 * The ways aftercare ends are left off the chart while nobody is there (running clients rarely
 * are); the table lists every phase. While the server is still counting, it says so instead.
 */
import { html } from '../lib/html.js';
import { TERMINAL_PHASES } from '../labels.js';
import { countText, phasesSummary } from '../numbers-format.js';
import { useStepLabel } from '../state/steps.js';
import { COLOURS, NumbersChart } from './numbers-chart.js';
import { NumbersSection, NumbersTable } from './numbers-section.js';

export function NumbersPhases({ data }) {
  const labelOf = useStepLabel();
  const rows = (data.clients && data.clients.byPhase) || [];
  const drawn = rows.filter((r) => r.count > 0 || !TERMINAL_PHASES.has(r.phase));
  const build = () => ({
    type: 'bar',
    data: {
      labels: drawn.map((r) => labelOf(r.phase)),
      datasets: [{ label: 'Clients', data: drawn.map((r) => r.count), backgroundColor: COLOURS.teal, borderRadius: 4, maxBarThickness: 28 }],
    },
    options: {
      indexAxis: 'y',
      plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { grid: { display: false } } },
    },
  });
  const counting = Boolean(data.clients && data.clients.counting);
  return html`<${NumbersSection} id="numbers-phases" title="Clients in each phase" summary=${phasesSummary(data.clients, labelOf)}>
    ${counting && html`<p class="numbers-counting muted" id="numbers-phases-counting" role="status">Counting…</p>`}
    ${drawn.length > 0 && html`<${NumbersChart} id="numbers-phases-chart" data=${data} build=${build} labelledBy="numbers-phases-summary" height=${Math.max(240, drawn.length * 24 + 40)} />`}
    ${!counting &&
    html`<${NumbersTable}
      id="numbers-phases-table"
      caption="Clients in each phase"
      columns=${['Phase', 'Clients']}
      rows=${rows.map((r) => [labelOf(r.phase), countText(r.count)])}
    />`}
  <//>`;
}
