/**
 * The clinic's audit log, newest first: when, who, what, for which client's workflow, and from
 * where. It holds no contact details, only which fields changed. Older entries load on request.
 */
import { useEffect, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api } from '../api.js';
import { actionLabel, detailText, viaLabel } from '../audit-labels.js';
import { useClinic } from '../state/clinics.js';
import { timelineHref } from '../state/timeline.js';
import { browserZone, formatRelative } from '../time.js';
import { ListCard } from './list-card.js';
import { When } from './when.js';

const PAGE = 50;
const auditPath = (clinicId, before) => `/api/audit?clinicId=${encodeURIComponent(clinicId)}&limit=${PAGE}${before ? `&before=${encodeURIComponent(before)}` : ''}`;

function AuditRow({ entry }) {
  const detail = detailText(entry.action, entry.detail);
  return html`<tr data-action=${entry.action} data-audit-id=${entry.id}>
    <td class="cell-when" data-label="When"><${When} iso=${entry.at} zone=${browserZone} withZone=${false} /><span class="muted audit-rel">${formatRelative(entry.at)}</span></td>
    <td class="cell-who" data-label="Who">${entry.actorName || entry.actor}${entry.actorName && html`<span class="muted audit-actor">${entry.actor}</span>`}</td>
    <td class="cell-what" data-label="What"><span class="audit-action">${actionLabel(entry.action)}</span>${detail && html`<span class="muted audit-detail">${detail}</span>`}</td>
    <td class="cell-workflow" data-label="Client">${entry.workflowId ? html`<a href=${timelineHref(entry.workflowId)}>${entry.workflowId}</a>` : html`<span class="muted">—</span>`}</td>
    <td class="cell-from" data-label="From">${viaLabel(entry.via)}${entry.from && html`<span class="muted audit-from">${entry.from}</span>`}</td>
  </tr>`;
}

export function AuditCard() {
  const { id: clinicId, name } = useClinic();
  const [entries, setEntries] = useState(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(false);

  async function load(older) {
    if (!clinicId) return;
    setLoading(true);
    try {
      const last = older && entries && entries[entries.length - 1];
      const rows = await api('GET', auditPath(clinicId, last ? last.id : ''));
      const list = Array.isArray(rows) ? rows : [];
      setEntries((now) => (older && now ? [...now, ...list] : list));
      setMore(list.length === PAGE);
      setError('');
    } catch (err) {
      setError(err.message);
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    setEntries(null);
    void load(false);
  }, [clinicId]);

  const rows = entries || [];
  const title = name || clinicId;
  return html`<${ListCard}
    id="audit"
    title=${title ? `Audit log · ${title}` : 'Audit log'}
    lead="Every change, newest first: who made it, to which client's aftercare, and from where. Contact details are never kept here."
    loading=${loading}
    onRefresh=${() => load(false)}
    error=${error}
    tableClass="audit-table"
    head=${html`<th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Client</th><th scope="col">From</th>`}
    count=${rows.length}
    loaded=${Boolean(entries)}
    emptyText="Nothing recorded yet."
    rows=${rows.map((e) => html`<${AuditRow} key=${e.id} entry=${e} />`)}
  >
    ${more && html`<div class="form-actions"><button type="button" class="btn btn-secondary" id="audit-more" disabled=${loading} onClick=${() => void load(true)}>Show older entries</button></div>`}
  <//>`;
}
