/**
 * A client's messages: each planned step with what was sent for it, by which channel, and how it
 * went; and the texts the client sent and the replies staff sent, in time order among them.
 */
import { html } from '../lib/html.js';
import { channelLabel, deliveryState, TERMINAL_PHASES } from '../labels.js';
import { formatRelative, formatWhen } from '../time.js';
import { Badge } from './badge.js';
import { TimelineText } from './timeline-text.js';
import { When } from './when.js';

const STATE_TEXT = { done: 'Sent', next: 'Next', pending: 'Planned', dropped: 'Not sent' };

/** Plan steps with what was sent for each, sends outside the plan, and texts, in time order. */
export function timelineItems(status, texts = []) {
  const sent = Array.isArray(status.sent) ? status.sent : [];
  const plan = Array.isArray(status.plan) ? status.plan : [];
  const byId = new Map();
  for (const r of sent) byId.set(r.id, [...(byId.get(r.id) || []), r]);
  const terminal = TERMINAL_PHASES.has(status.phase);
  const next = status.nextStep;
  const items = [];
  const seen = new Set();
  for (const p of plan) {
    if (seen.has(p.step)) continue;
    seen.add(p.step);
    const records = byId.get(p.step) || [];
    const state = records.length ? 'done' : terminal ? 'dropped' : next && next.id === p.step ? 'next' : 'pending';
    items.push({ id: p.step, day: p.day, to: p.to, sendAt: p.sendAt, records, state, sortAt: Date.parse(records[0] ? records[0].at : p.sendAt) });
  }
  for (const [id, records] of byId) {
    if (seen.has(id)) continue;
    const to = records.every((r) => String(r.channel).startsWith('clinic-')) ? 'clinic' : 'client';
    items.push({ id, day: null, to, sendAt: records[0].at, records, state: 'done', sortAt: Date.parse(records[0].at) });
  }
  if (next && !seen.has(next.id) && !byId.has(next.id)) {
    items.push({ id: next.id, day: null, to: 'client', sendAt: next.sendAt, records: [], state: 'next', sortAt: Date.parse(next.sendAt) });
  }
  for (const text of texts) items.push({ id: `text-${text.id}`, text, sortAt: Date.parse(text.at) });
  return items.sort((a, b) => (a.sortAt || 0) - (b.sortAt || 0));
}

function endedHow(phase) {
  if (phase === 'completed') return 'completed';
  if (phase === 'superseded') return 'was superseded by a newer session';
  return 'was cancelled';
}

function Delivery({ record, zone }) {
  const state = deliveryState(record.status);
  return html`<li class=${`delivery delivery-${record.status}`} data-channel=${record.channel} data-status=${record.status}>
    <span class="delivery-channel">${channelLabel(record.channel)}</span>
    <${Badge} tone=${state.tone}>${state.label}<//>
    <span class="delivery-when muted"><${When} iso=${record.at} zone=${zone} /></span>
    ${record.detail && html`<span class="delivery-detail">${record.detail}</span>`}
  </li>`;
}

function Planned({ item, zone, phase, activeChannels }) {
  if (item.state === 'dropped') return html`<p class="step-when">Was planned for ${formatWhen(item.sendAt, zone)}; aftercare ${endedHow(phase)}.</p>`;
  const by = item.to === 'clinic' ? 'clinic email' : activeChannels.length ? activeChannels.map(channelLabel).join(' and ') : 'no channel left';
  return html`<p class="step-when">
    <${When} iso=${item.sendAt} zone=${zone} />
    <span class="muted"> · ${formatRelative(item.sendAt)}</span>
    <span class="step-channels muted"> · by ${by}</span>
  </p>`;
}

export function TimelineSteps({ status, texts, zone, stepLabel }) {
  const items = timelineItems(status, texts);
  if (!items.length) return html`<p class="muted">No messages planned.</p>`;
  const channels = status.channels || {};
  const activeChannels = Object.keys(channels).filter((c) => channels[c] === 'active');
  return html`<ol class="steps">
    ${items.map((item) =>
      item.text
        ? html`<${TimelineText} key=${item.id} text=${item.text} zone=${zone} />`
        : html`<li class=${`step step-${item.state}`} data-step=${item.id} key=${item.id}>
        <span class="step-dot" aria-hidden="true"></span>
        <div class="step-body">
          <div class="step-head">
            <span class="step-name">${stepLabel(item.id)}</span>
            ${item.day !== null && item.day !== undefined && html`<span class="step-day">Day ${item.day}</span>`}
            ${item.to === 'clinic' && html`<${Badge} tone="neutral">to clinic<//>`}
            <span class=${`step-state step-state-${item.state}`}>${STATE_TEXT[item.state]}</span>
          </div>
          ${item.records.length
            ? html`<ul class="deliveries">${item.records.map((r) => html`<${Delivery} record=${r} zone=${zone} />`)}</ul>`
            : html`<${Planned} item=${item} zone=${zone} phase=${status.phase} activeChannels=${activeChannels} />`}
        </div>
      </li>`,
    )}
  </ol>`;
}
