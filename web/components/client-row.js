/** One client session in the list (an open concern marked); a click anywhere on it opens the timeline. */
import { html, classes } from '../lib/html.js';
import { bookingState, phaseTone, TERMINAL_PHASES } from '../labels.js';
import { hasConcern, hasProblem } from '../state/clients.js';
import { courseHref } from '../state/course.js';
import { timelineHref } from '../state/timeline.js';
import { browserZone, formatRelative } from '../time.js';
import { Badge } from './badge.js';
import { WarnIcon } from './icons.js';
import { When } from './when.js';

export function ClientRow({ row, isNew, stepLabel }) {
  const problem = hasProblem(row);
  const concern = hasConcern(row);
  const phase = row.phase || 'enrolled';
  const nextId = row.nextStep && row.nextStep.id ? row.nextStep.id : row.nextStepId || null;
  const booking = bookingState(row.bookingStatus);
  const href = timelineHref(row.workflowId);
  const open = (event) => {
    if (!(event.target instanceof Element) || !event.target.closest('a,button')) location.hash = href;
  };
  const session = row.sessionNumber === null || row.sessionNumber === undefined ? 'Session ?' : `Session ${row.sessionNumber}`;

  return html`<tr class=${classes(problem && 'has-problem', concern && 'has-concern', row.pending && 'is-pending', isNew && 'is-new')} data-workflow-id=${row.workflowId} onClick=${open}>
    <td class="cell-client">
      <a class="row-link" href=${href} title=${`Open the timeline of ${row.workflowId}`}>${row.clientRef || row.workflowId}</a>
      ${row.pending && html` <${Badge} tone="info">just enrolled<//>`}
      ${concern && html` <span class="badge badge-danger row-concern"><${WarnIcon} />Concern open</span>`}
      <span class="cell-session">${session}</span>
      ${row.clinicId && row.clientRef && html` <a class="row-course" href=${courseHref(row.clinicId, row.clientRef)} title=${`The whole course of ${row.clientRef}`}>Course</a>`}
    </td>
    <td class="cell-phase" data-label="Phase"><${Badge} tone=${phaseTone(phase)}>${stepLabel(phase)}<//></td>
    <td class="cell-next" data-label="Next step">
      ${row.nextStepAt
        ? html`${nextId && html`<span class="next-name">${stepLabel(nextId)}</span>`}
            <span class="next-when"><${When} iso=${row.nextStepAt} zone=${browserZone} withZone=${false} /></span>
            <span class="next-rel muted">${formatRelative(row.nextStepAt)}</span>`
        : html`<span class="muted">${TERMINAL_PHASES.has(phase) ? 'Finished' : '—'}</span>`}
    </td>
    <td class="cell-booking" data-label="Booking">
      ${booking ? html`<${Badge} tone=${booking.tone}>${booking.label}<//>` : html`<span class="muted">${row.bookingStatus || '—'}</span>`}
    </td>
    <td class="cell-delivery" data-label="Delivery">
      ${problem
        ? html`<div class="problem">
            <span class="badge badge-problem"><${WarnIcon} />Delivery problem</span>
            <span class="problem-detail">${row.deliveryProblem}</span>
          </div>`
        : html`<span class="delivery-ok">OK</span>`}
    </td>
  </tr>`;
}
