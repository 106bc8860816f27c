/**
 * One text in the inbox: when, whose (a link to their timeline), its triage class, the words, and
 * what staff can do with it (mark it read, reply). A reply staff sent shows who sent it.
 */
import { html, classes } from '../lib/html.js';
import { textClass } from '../labels.js';
import { timelineHref } from '../state/timeline.js';
import { browserZone } from '../time.js';
import { Badge } from './badge.js';
import { When } from './when.js';

function Client({ text }) {
  const name = text.clientRef || (text.workflowId ? text.workflowId : 'Unknown number');
  if (!text.workflowId) return html`<span class="inbox-client muted">${name}</span>`;
  return html`<a class="inbox-client row-link" href=${timelineHref(text.workflowId)} title="Open the client's timeline">${name}</a>`;
}

export function InboxRow({ text, onRead, onReply }) {
  const incoming = text.direction !== 'out';
  const unread = incoming && !text.readAt;
  const cls = textClass(text);
  const urgent = cls && cls.key === 'urgent';
  return html`<tr
    class=${classes('inbox-row', unread && 'is-unread', urgent && 'is-urgent', !incoming && 'is-reply')}
    data-text-id=${text.id}
    data-class=${cls ? cls.key : ''}
    data-unread=${unread ? 'true' : 'false'}
  >
    <td class="cell-when"><${When} iso=${text.at} zone=${browserZone} withZone=${false} /></td>
    <td class="cell-client" data-label="Client"><${Client} text=${text} /></td>
    <td class="cell-class">
      ${incoming ? cls && html`<${Badge} tone=${cls.tone}>${cls.label}<//>` : html`<${Badge} tone="neutral">Reply sent<//>`}
    </td>
    <td class="cell-text">
      <p class="inbox-text">${text.text}</p>
      ${urgent && text.triage.matched && text.triage.matched.length > 0 && html`<p class="inbox-matched muted">Matched: ${text.triage.matched.join(', ')}</p>`}
      ${!incoming && text.sentBy && html`<p class="inbox-matched muted">By ${text.sentBy.name}${text.status ? ` · ${text.status}` : ''}</p>`}
    </td>
    <td class="cell-actions">
      ${unread && html`<button type="button" class="btn btn-secondary btn-small inbox-read" onClick=${() => onRead(text)}>Mark read</button>`}
      ${incoming && html`<button type="button" class="btn btn-secondary btn-small inbox-reply" onClick=${() => onReply(text)}>Reply…</button>`}
    </td>
  </tr>`;
}
