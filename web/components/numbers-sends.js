/** One channel's messages by day: sent, delivered and failed, a line each. */
import { html } from '../lib/html.js';
import { countText, dayLabel, sendsSummary } from '../numbers-format.js';
import { COLOURS, LINE_STYLES, NumbersChart } from './numbers-chart.js';
import { NumbersSection, NumbersTable } from './numbers-section.js';

const OUTCOMES = [
  { key: 'sent', label: 'Sent', colour: COLOURS.blue },
  { key: 'delivered', label: 'Delivered', colour: COLOURS.green },
  { key: 'failed', label: 'Failed', colour: COLOURS.vermillion },
];

const WORDS = { sms: { title: 'Texts', id: 'numbers-sms' }, email: { title: 'Emails', id: 'numbers-email' } };

export function NumbersSends({ data, channel }) {
  const { title, id } = WORDS[channel];
  const days = (data.sends && data.sends.byDay) || [];
  const of = (d, key) => (d[channel] ? Number(d[channel][key]) || 0 : 0);
  const build = () => ({
    type: 'line',
    data: {
      labels: days.map((d) => dayLabel(d.day)),
      datasets: OUTCOMES.map((o, i) => ({
        label: o.label,
        data: days.map((d) => of(d, o.key)),
        borderColor: o.colour,
        backgroundColor: o.colour,
        borderWidth: 2,
        pointRadius: days.length > 45 ? 0 : 2.5,
        pointHoverRadius: 4,
        tension: 0.2,
        ...LINE_STYLES[i],
      })),
    },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } }, x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 12 } } } },
  });
  return html`<${NumbersSection} id=${id} title=${`${title} sent, delivered and failed`} summary=${sendsSummary(title, days, data.sends && data.sends.totals, channel, data.days)}>
    <${NumbersChart} id=${`${id}-chart`} data=${data} build=${build} labelledBy=${`${id}-summary`} />
    <${NumbersTable}
      id=${`${id}-table`}
      caption=${`${title} by day`}
      columns=${['Day', ...OUTCOMES.map((o) => o.label)]}
      rows=${days.map((d) => [dayLabel(d.day), ...OUTCOMES.map((o) => countText(of(d, o.key)))])}
    />
  <//>`;
}
