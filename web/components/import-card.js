/**
 * Import existing clients from a CSV file (owners, staff and administrators): the file is checked
 * first and its refused rows listed (line, field, reason), then enrolled while a progress bar shows
 * the rate and the time left. docs/import.md has the columns and the rules.
 */
import { html } from '../lib/html.js';
import { checkFile, resetImport, startImport, useImport } from '../state/import.js';
import { FormAlert } from './form-alert.js';
import { ImportProgress } from './import-progress.js';
import { ImportRefusals } from './import-refusals.js';

const COLUMNS = 'clinicId, clientRef, firstName, phone, email, timezone, consentSms, consentEmail, sessionNumber, plannedSessions, performedAt (locale and region optional)';

function CheckResult({ check, busy }) {
  const nothing = check.toEnrol === 0;
  return html`<div class="import-check" id="import-check">
    <p id="import-check-summary">
      <strong>${check.total}</strong> rows checked: <strong>${check.toEnrol}</strong> will be enrolled${check.refused ? html`, <strong>${check.refused}</strong> refused` : ''}. Nothing has been started yet.
    </p>
    <${ImportRefusals} refusals=${check.refusals} count=${check.refused} />
    <div class="toolbar">
      <button type="button" id="import-start" class=${busy ? 'btn btn-primary is-busy' : 'btn btn-primary'} disabled=${nothing || busy} onClick=${() => void startImport()}>
        Enrol ${check.toEnrol} ${check.toEnrol === 1 ? 'client' : 'clients'}
      </button>
      <button type="button" id="import-cancel" class="btn btn-quiet" onClick=${resetImport}>Choose another file</button>
    </div>
  </div>`;
}

export function ImportCard() {
  const { step, fileName, check, view, error } = useImport();
  return html`<section class="card import-card" id="import" aria-labelledby="import-title">
    <div class="card-head">
      <h2 id="import-title">Import clients</h2>
      <p class="card-lead">
        Clients already healing, from a CSV file with one row per session: ${COLUMNS}. Every row is checked first; the rest are enrolled with the steps still to
        come, and a file uploaded again enrols nobody twice.
      </p>
    </div>
    <${FormAlert} id="import-alert" lines=${error ? [error] : []} />
    ${(step === 'idle' || step === 'checking') &&
    html`<label class="import-file">
      <span>CSV file</span>
      <input type="file" id="import-file" accept=".csv,text/csv" disabled=${step === 'checking'} onChange=${(e) => void checkFile(e.currentTarget.files[0] || null)} />
    </label>
    ${step === 'checking' && html`<p class="card-lead" role="status">Checking ${fileName}…</p>`}`}
    ${(step === 'checked' || step === 'starting') && check && html`<${CheckResult} check=${check} busy=${step === 'starting'} />`}
    ${view && html`<${ImportProgress} view=${view} />`}
    ${view && view.refusals.length > 0 && step === 'finished' && html`<${ImportRefusals} refusals=${view.refusals} count=${view.refused + view.failed} />`}
    ${step === 'finished' && html`<div class="toolbar"><button type="button" id="import-again" class="btn btn-secondary" onClick=${resetImport}>Import another file</button></div>`}
  </section>`;
}
