/**
 * One part of the clinic's numbers: a heading, the figures in one line of words, the chart (or a
 * figure of its own), and the same figures as a table under "Show the figures", so a screen
 * reader, a keyboard or a colour-blind reader loses nothing the picture shows.
 */
import { html } from '../lib/html.js';

/** `columns`: header words; `rows`: arrays of cells, the first one each row's heading. */
export function NumbersTable({ id, caption, columns, rows }) {
  return html`<details class="numbers-details">
    <summary>Show the figures</summary>
    <div class="table-wrap">
      <table class="numbers-table" id=${id}>
        <caption class="visually-hidden">${caption}</caption>
        <thead><tr>${columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
        <tbody>
          ${rows.map(
            ([head, ...cells]) => html`<tr>
              <th scope="row">${head}</th>
              ${cells.map((cell) => html`<td>${cell}</td>`)}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </details>`;
}

export function NumbersSection({ id, title, summary, wide = false, children }) {
  return html`<section class=${wide ? 'card numbers-section numbers-wide' : 'card numbers-section'} id=${id} aria-labelledby=${`${id}-title`}>
    <h2 id=${`${id}-title`}>${title}</h2>
    <p class="numbers-summary" id=${`${id}-summary`}>${summary}</p>
    ${children}
  </section>`;
}
