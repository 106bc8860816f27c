/** Booking conversion: of the clients asked to book their next session, how many booked by day 14. */
import { html } from '../lib/html.js';
import { bookingSummary, countText, percentText } from '../numbers-format.js';
import { COLOURS, NumbersChart } from './numbers-chart.js';
import { NumbersSection, NumbersTable } from './numbers-section.js';

export function NumbersBooking({ data }) {
  const booking = data.booking || { asked: 0, bookedByDay14: 0, conversion: null };
  const asked = Number(booking.asked) || 0;
  const booked = Number(booking.bookedByDay14) || 0;
  const build = () => ({
    type: 'doughnut',
    data: {
      labels: ['Booked by day 14', 'Not booked by day 14'],
      datasets: [{ data: [booked, Math.max(0, asked - booked)], backgroundColor: [COLOURS.teal, '#c5cdd6'], borderColor: '#ffffff', borderWidth: 2 }],
    },
    options: { cutout: '62%', interaction: { mode: 'nearest', intersect: true }, plugins: { legend: { position: 'right', labels: { usePointStyle: false, boxWidth: 14, boxHeight: 10 } } } },
  });
  return html`<${NumbersSection} id="numbers-booking" title="Booking conversion" summary=${bookingSummary(booking)}>
    <div class="numbers-rate">
      <span class="numbers-rate-value" id="numbers-conversion">${percentText(booking.conversion)}</span>
      <span class="numbers-rate-words">booked by day 14</span>
    </div>
    ${asked > 0 && html`<${NumbersChart} id="numbers-booking-chart" data=${data} build=${build} labelledBy="numbers-booking-summary" />`}
    <${NumbersTable}
      id="numbers-booking-table"
      caption="Booking conversion"
      columns=${['', 'Clients']}
      rows=${[
        ['Asked to book', countText(asked)],
        ['Booked by day 14', countText(booked)],
        ['Conversion', percentText(booking.conversion)],
      ]}
    />
  <//>`;
}
