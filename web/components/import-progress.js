/** A running or finished import: a progress bar, the rate and the time left, then the summary. */
import { html } from '../lib/html.js';

function duration(seconds) {
  if (seconds === null || seconds === undefined) return '';
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m} min ${seconds % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

const STATE_WORDS = { checking: 'Checking the rows…', running: 'Enrolling…', done: 'Finished', interrupted: 'Stopped before the end: upload the same file again to carry on where it stopped.', failed: 'Failed' };

export function ImportProgress({ view }) {
  const toEnrol = Math.max(0, view.total - view.refused);
  const started = view.enrolled + view.alreadyEnrolled + view.failed;
  const pct = toEnrol ? Math.min(100, Math.round((started / toEnrol) * 100)) : view.state === 'done' ? 100 : 0;
  return html`<div class="import-progress" id="import-progress" data-state=${view.state}>
    <p class="import-state" id="import-state" role="status" aria-live="polite">${STATE_WORDS[view.state] || view.state}</p>
    <progress id="import-bar" max=${toEnrol || 1} value=${started} aria-label="Rows enrolled">${pct}%</progress>
    <p class="import-figures" id="import-figures">
      <span>${started} of ${toEnrol} rows</span>
      ${view.ratePerSecond !== null && html`<span>${view.ratePerSecond} rows/s</span>`}
      ${view.state === 'running' && view.secondsLeft !== null && html`<span>about ${duration(view.secondsLeft)} left</span>`}
    </p>
    ${view.state === 'done' &&
    html`<p class="import-summary" id="import-summary">
      ${view.enrolled} enrolled, ${view.alreadyEnrolled} already enrolled, ${view.refused} refused${view.failed ? `, ${view.failed} could not be started` : ''}.
    </p>`}
  </div>`;
}
