/** A text in the client's timeline: one the client sent (with its triage class) or a reply from staff. */
import { html, classes } from '../lib/html.js';
import { textClass } from '../labels.js';
import { Badge } from './badge.js';
import { When } from './when.js';

export function TimelineText({ text, zone }) {
  const incoming = text.direction !== 'out';
  const cls = incoming ? textClass(text) : null;
  const who = incoming ? 'Text from the client' : `Reply${text.sentBy && text.sentBy.name ? ` from ${text.sentBy.name}` : ''}`;
  return html`<li
    class=${classes('step', 'step-text', incoming ? 'step-text-in' : 'step-text-out', cls && cls.key === 'urgent' && 'is-urgent')}
    data-text-id=${text.id}
    data-direction=${incoming ? 'in' : 'out'}
  >
    <span class="step-dot" aria-hidden="true"></span>
    <div class="step-body">
      <div class="step-head">
        <span class="step-name">${who}</span>
        ${cls && html`<${Badge} tone=${cls.tone}>${cls.label}<//>`}
        <span class="step-day"><${When} iso=${text.at} zone=${zone} /></span>
      </div>
      <p class="text-bubble">${text.text}</p>
    </div>
  </li>`;
}
