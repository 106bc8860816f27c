/** Urgent texts from clients by day, how many of them staff handled, and the median time it took. */
import { html } from '../lib/html.js';
import { countText, dayLabel, durationText, urgentSummary } from '../numbers-format.js';
import { COLOURS, NumbersChart } from './numbers-chart.js';
import { NumbersSection, NumbersTable } from './numbers-section.js';

export function NumbersUrgent({ data }) {
  const urgent = data.urgent || { replies: 0, handled: 0, medianMinutesToHandled: null, byDay: [] };
  const days = urgent.byDay || [];
  const build = () => ({
    type: 'bar',
    data: {
      labels: days.map((d) => dayLabel(d.day)),
      datasets: [
        { label: 'Urgent texts', data: days.map((d) => d.replies), backgroundColor: COLOURS.vermillion, borderRadius: 2, maxBarThickness: 16 },
        { label: 'Handled', data: days.map((d) => d.handled), backgroundColor: COLOURS.sky, borderRadius: 2, maxBarThickness: 16 },
      ],
    },
    options: { plugins: { legend: { labels: { usePointStyle: false, boxWidth: 14, boxHeight: 10 } } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } }, x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 12 } } } },
  });
  return html`<${NumbersSection} id="numbers-urgent" title="Urgent texts and time to handle" summary=${urgentSummary(urgent, data.days)}>
    <div class="numbers-rate">
      <span class="numbers-rate-value" id="numbers-urgent-median">${durationText(urgent.medianMinutesToHandled)}</span>
      <span class="numbers-rate-words">until handled (median)</span>
    </div>
    <${NumbersChart} id="numbers-urgent-chart" data=${data} build=${build} labelledBy="numbers-urgent-summary" />
    <${NumbersTable}
      id="numbers-urgent-table"
      caption="Urgent texts by day"
      columns=${['Day', 'Urgent texts', 'Handled']}
      rows=${days.map((d) => [dayLabel(d.day), countText(d.replies), countText(d.handled)])}
    />
  <//>`;
}
