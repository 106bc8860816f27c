/** Clients in each phase of their aftercare now: a bar per phase, in the server's order. */
import { html } from '../lib/html.js';
import { countText, phasesSummary } from '../numbers-format.js';
import { useStepLabel } from '../state/steps.js';
import { COLOURS, NumbersChart } from './numbers-chart.js';
import { NumbersSection, NumbersTable } from './numbers-section.js';

export function NumbersPhases({ data }) {
  const labelOf = useStepLabel();
  const rows = (data.clients && data.clients.byPhase) || [];
  const build = () => ({
    type: 'bar',
    data: {
      labels: rows.map((r) => labelOf(r.phase)),
      datasets: [{ label: 'Clients', data: rows.map((r) => r.count), backgroundColor: COLOURS.teal, borderRadius: 4, maxBarThickness: 28 }],
    },
    options: {
      indexAxis: 'y',
      plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { grid: { display: false } } },
    },
  });
  return html`<${NumbersSection} id="numbers-phases" title="Clients in each phase" summary=${phasesSummary(data.clients, labelOf)}>
    ${rows.length > 0 && html`<${NumbersChart} id="numbers-phases-chart" data=${data} build=${build} labelledBy="numbers-phases-summary" tall=${rows.length > 6} />`}
    <${NumbersTable}
      id="numbers-phases-table"
      caption="Clients in each phase"
      columns=${['Phase', 'Clients']}
      rows=${rows.map((r) => [labelOf(r.phase), countText(r.count)])}
    />
  <//>`;
}
