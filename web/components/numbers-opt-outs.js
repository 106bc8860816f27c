/** Clients who opted out, by day and channel (stacked: the bar's height is the day's opt-outs). */
import { html } from '../lib/html.js';
import { countText, dayLabel, optOutsSummary } from '../numbers-format.js';
import { COLOURS, NumbersChart } from './numbers-chart.js';
import { NumbersSection, NumbersTable } from './numbers-section.js';

export function NumbersOptOuts({ data }) {
  const optOuts = data.optOuts || { sms: 0, email: 0, byDay: [] };
  const days = optOuts.byDay || [];
  const build = () => ({
    type: 'bar',
    data: {
      labels: days.map((d) => dayLabel(d.day)),
      datasets: [
        { label: 'Texts', data: days.map((d) => d.sms), backgroundColor: COLOURS.blue, maxBarThickness: 16 },
        { label: 'Emails', data: days.map((d) => d.email), backgroundColor: COLOURS.orange, maxBarThickness: 16 },
      ],
    },
    options: {
      plugins: { legend: { labels: { usePointStyle: false, boxWidth: 14, boxHeight: 10 } } },
      scales: { x: { stacked: true, grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 12 } }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
  return html`<${NumbersSection} id="numbers-opt-outs" title="Opt-outs" summary=${optOutsSummary(optOuts, data.days)}>
    <${NumbersChart} id="numbers-opt-outs-chart" data=${data} build=${build} labelledBy="numbers-opt-outs-summary" />
    <${NumbersTable}
      id="numbers-opt-outs-table"
      caption="Opt-outs by day and channel"
      columns=${['Day', 'Texts', 'Emails']}
      rows=${days.map((d) => [dayLabel(d.day), countText(d.sms), countText(d.email)])}
    />
  <//>`;
}
