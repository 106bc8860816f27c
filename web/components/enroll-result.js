/** After an enrolment: the client's plan, every message and when it goes out on their clock. */
import { useEffect, useRef } from 'preact/hooks';
import { html } from '../lib/html.js';
import { useStepLabel } from '../state/steps.js';
import { timelineHref } from '../state/timeline.js';
import { CheckIcon } from './icons.js';
import { When } from './when.js';

/** `result`: { workflowId, plan, clientRef, sessionNumber, clinicName, zone, at } or null. */
export function EnrollResult({ result, onDismiss }) {
  const ref = useRef(null);
  const stepLabel = useStepLabel();
  useEffect(() => {
    if (!result) return;
    ref.current.focus({ preventScroll: true });
    const calm = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    ref.current.scrollIntoView({ block: 'nearest', behavior: calm ? 'instant' : 'smooth' });
  }, [result]);

  if (!result) return html`<div id="enroll-result" class="enroll-result" hidden tabindex="-1" ref=${ref}></div>`;
  const { workflowId, plan, clientRef, sessionNumber, clinicName, zone } = result;
  return html`<div id="enroll-result" class="enroll-result" tabindex="-1" ref=${ref}>
    <div class="result-head">
      <${CheckIcon} />
      <div>
        <h2 class="result-title">${clientRef} is enrolled</h2>
        <p class="muted">Session ${sessionNumber} at ${clinicName}. Times below are on the client's clock (${zone}).</p>
      </div>
    </div>
    ${plan.length
      ? html`<table class="plan-table">
          <caption class="visually-hidden">Aftercare plan for ${clientRef}</caption>
          <thead>
            <tr><th scope="col">Message</th><th scope="col">Goes out</th></tr>
          </thead>
          <tbody>
            ${plan.map(
              (step) => html`<tr>
                <td>
                  <span class="plan-step">${stepLabel(step.step)}</span>
                  <span class="plan-day">${step.day === undefined ? '' : `Day ${step.day}`}${step.to === 'clinic' ? ' · to the clinic' : ''}</span>
                </td>
                <td class="when"><${When} iso=${step.sendAt || step.local} zone=${zone} withZone=${false} /></td>
              </tr>`,
            )}
          </tbody>
        </table>`
      : html`<p>The plan will show in the timeline.</p>`}
    <div class="form-actions">
      <a class="btn btn-secondary" href=${timelineHref(workflowId)}>Open timeline</a>
      <button type="button" class="btn btn-quiet" onClick=${onDismiss}>Dismiss</button>
    </div>
  </div>`;
}
