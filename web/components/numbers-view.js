/**
 * The clinic's numbers (`#/numbers`): how many clients are in each phase, the texts and emails
 * sent, delivered and failed, booking conversion, urgent texts and how fast staff handled them,
 * and opt-outs, over the last 30 or 90 days, with the same figures as a CSV. Owners and staff see
 * their clinic's; an administrator picks the clinic here. Shown in place of the desk's cards.
 */
import { useEffect, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { clockText, countText, isEmpty, percentText, periodLabel, PERIODS } from '../numbers-format.js';
import { chooseClinic, clinics, enrollable, useClinic } from '../state/clinics.js';
import { choosePeriod, isCurrent, loadNumbers, numbers, numbersCsv } from '../state/numbers.js';
import { keepFresh } from '../state/refresh.js';
import { useStore } from '../state/store.js';
import { RefreshIcon } from './icons.js';
import { NumbersBooking } from './numbers-booking.js';
import { NumbersOptOuts } from './numbers-opt-outs.js';
import { NumbersPhases } from './numbers-phases.js';
import { NumbersSends } from './numbers-sends.js';
import { NumbersUrgent } from './numbers-urgent.js';

/** Saves a file the page fetched, under the name given. */
function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function PeriodSwitch({ days, busy }) {
  return html`<div class="numbers-period" role="group" aria-label="Period">
    ${PERIODS.map(
      (d) => html`<button
        type="button"
        id=${`numbers-days-${d}`}
        class=${d === days ? 'btn btn-small is-on' : 'btn btn-small'}
        aria-pressed=${d === days ? 'true' : 'false'}
        disabled=${busy && d !== days}
        onClick=${() => choosePeriod(d)}
      >
        ${d} days
      </button>`,
    )}
  </div>`;
}

function ClinicChoice({ id }) {
  const { list } = useStore(clinics);
  const open = enrollable(list);
  if (open.length < 2) return null;
  return html`<label class="numbers-clinic">
    <span>Clinic</span>
    <select id="numbers-clinic" value=${id} onChange=${(e) => chooseClinic(e.currentTarget.value)}>
      ${open.map((c) => html`<option value=${c.id}>${c.name || c.id}</option>`)}
    </select>
  </label>`;
}

function Tile({ id, value, words }) {
  return html`<div class="numbers-tile">
    <span class="numbers-tile-value" id=${id}>${value}</span>
    <span class="numbers-tile-words">${words}</span>
  </div>`;
}

function Tiles({ data }) {
  const t = (data.sends && data.sends.totals) || {};
  const optOuts = (Number(data.optOuts && data.optOuts.sms) || 0) + (Number(data.optOuts && data.optOuts.email) || 0);
  return html`<div class="numbers-tiles" id="numbers-tiles">
    <${Tile} id="numbers-running" value=${data.clients && data.clients.counting ? '…' : countText(data.clients && data.clients.running)} words="clients in aftercare now" />
    <${Tile} id="numbers-sms-sent" value=${countText(t.sms && t.sms.sent)} words=${`texts sent, ${countText(t.sms && t.sms.delivered)} delivered`} />
    <${Tile} id="numbers-email-sent" value=${countText(t.email && t.email.sent)} words=${`emails sent, ${countText(t.email && t.email.delivered)} delivered`} />
    <${Tile} id="numbers-conversion-tile" value=${percentText(data.booking && data.booking.conversion)} words="booked by day 14" />
    <${Tile} id="numbers-urgent-replies" value=${countText(data.urgent && data.urgent.replies)} words="urgent texts" />
    <${Tile} id="numbers-opt-outs-total" value=${countText(optOuts)} words="opt-outs" />
  </div>`;
}

function Charts({ data }) {
  return html`<div class="numbers-grid">
    <${NumbersPhases} data=${data} />
    <${NumbersBooking} data=${data} />
    <${NumbersSends} data=${data} channel="sms" />
    <${NumbersSends} data=${data} channel="email" />
    <${NumbersUrgent} data=${data} />
    <${NumbersOptOuts} data=${data} />
  </div>`;
}

export function NumbersView() {
  const state = useStore(numbers);
  const { id, name } = useClinic();
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState('');
  const current = isCurrent(state, id);
  // While another period loads, the last one stays on screen (dimmed) rather than blinking away.
  const stale = !current && state.loading && state.data && state.loadedFor.startsWith(`${id}/`);
  const data = current || stale ? state.data : null;

  useEffect(() => {
    if (!current) void loadNumbers();
  }, [id]);

  // The server answered before the phases were counted: asked for again until they are in.
  const counting = Boolean(current && data && data.clients && data.clients.counting);
  useEffect(() => (counting ? keepFresh(loadNumbers) : undefined), [counting]);

  const download = async () => {
    setDownloading(true);
    setDownloadError('');
    try {
      const { blob, name: file } = await numbersCsv();
      save(blob, file);
    } catch (err) {
      setDownloadError(`The CSV could not be downloaded: ${err.message}`);
    } finally {
      setDownloading(false);
    }
  };

  const period = data ? periodLabel(data.from, data.to) : '';
  let body;
  if (data && isEmpty(data)) {
    body = html`<div class="card numbers-empty" id="numbers-empty">
      <h2>Nothing to count yet</h2>
      <p>Once clients are enrolled at ${name || id}, this page shows how their aftercare goes: the phases they are in, the texts and emails sent, bookings, urgent texts and opt-outs.</p>
    </div>`;
  } else if (data) {
    body = html`<div class=${stale ? 'numbers-body is-stale' : 'numbers-body'}><${Tiles} data=${data} /><${Charts} data=${data} /></div>`;
  } else if (state.error) {
    body = null;
  } else {
    body = html`<p class="card numbers-loading muted" id="numbers-loading" role="status">Counting ${name || id}'s numbers…</p>`;
  }

  return html`<div class="numbers-view" id="numbers" data-days=${data ? data.days : ''} aria-busy=${state.loading ? 'true' : 'false'}>
    <section class="card numbers-head" aria-labelledby="numbers-title">
      <div class="card-head-row">
        <div>
          <a href="#enroll" class="numbers-back" id="numbers-back">← Back to the desk</a>
          <h1 id="numbers-title">Numbers${name || id ? ` · ${name || id}` : ''}</h1>
          <p class="card-lead" id="numbers-period">
            ${data
              ? html`The last ${data.days} days, ${period} (UTC days).${' '}
                  ${data.clients && data.clients.countedAt
                    ? html`Clients in each phase counted at <time id="numbers-counted-at" datetime=${data.clients.countedAt}>${clockText(data.clients.countedAt)}</time>.`
                    : data.clients && data.clients.counting
                      ? 'Clients in each phase are being counted.'
                      : ''}`
              : `The last ${state.days} days.`}
          </p>
        </div>
        <div class="toolbar numbers-toolbar">
          <${ClinicChoice} id=${id} />
          <${PeriodSwitch} days=${state.days} busy=${state.loading} />
          <button type="button" id="numbers-refresh" class=${state.loading ? 'btn btn-secondary btn-small is-busy' : 'btn btn-secondary btn-small'} onClick=${() => void loadNumbers()}>
            <${RefreshIcon} /><span>Refresh</span>
          </button>
          <button type="button" id="numbers-csv" class="btn btn-primary btn-small" disabled=${downloading || !id} onClick=${() => void download()}>
            ${downloading ? 'Preparing…' : 'Download CSV'}
          </button>
        </div>
      </div>
      <div id="numbers-alert" class="alert alert-warning" role="alert" hidden=${!state.error && !downloadError}>
        ${state.error && html`<p>The numbers could not be ${data ? 'refreshed' : 'loaded'}. ${state.error}${data ? ' The figures below are the last ones loaded.' : ''}</p>`}
        ${state.error && html`<p><button type="button" id="numbers-retry" class="btn btn-secondary btn-small" onClick=${() => void loadNumbers()}>Try again</button></p>`}
        ${downloadError && html`<p>${downloadError}</p>`}
      </div>
      <p class="visually-hidden" role="status" aria-live="polite">${state.loading ? 'Loading the numbers…' : data ? `Showing the last ${data.days} days.` : ''}</p>
    </section>
    ${body}
  </div>`;
}
