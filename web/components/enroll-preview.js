/**
 * The plan a client would get, shown before anyone is enrolled (POST /api/preview): each message,
 * when it goes out on the client's clock, and its words. Nothing is started until staff confirm.
 */
import { html } from '../lib/html.js';
import { channelLabel } from '../labels.js';
import { regionName } from '../regions.js';
import { useStepLabel } from '../state/steps.js';
import { When } from './when.js';

/** The preview's steps, whatever the server wraps them in. */
export const previewSteps = (res) => (Array.isArray(res) ? res : res && Array.isArray(res.plan) ? res.plan : res && Array.isArray(res.steps) ? res.steps : []);

/**
 * The words of one step: per channel (`{ sms, email, clinicEmail }`, each a text or
 * `{ subject?, text|body }`), under `message`, `messages` or the step itself; else one text.
 */
function messages(step) {
  const one = (m) => (typeof m === 'string' ? { text: m } : m && typeof m === 'object' ? { subject: m.subject, text: m.text || m.body || '' } : null);
  const nested = [step.message, step.messages].find((m) => m && typeof m === 'object');
  const byChannel = nested || step;
  const channels = [['sms', 'sms'], ['email', 'email'], ['clinicEmail', 'clinic-email'], ['clinic-email', 'clinic-email']]
    .filter(([key]) => byChannel[key])
    .map(([key, channel]) => ({ channel, ...one(byChannel[key]) }))
    .filter((m) => m.text || m.subject);
  if (channels.length) return channels;
  const text = [step.message, step.text, step.body].find((t) => typeof t === 'string');
  return text ? [{ channel: '', text, subject: step.subject }] : [];
}

/** The hours texts may go out, and whose rule narrowed the clinic's when one did. */
function Hours({ preview }) {
  const w = preview && preview.window;
  if (!w || !w.start || !w.end) return null;
  const cw = preview.clinicWindow;
  const why = cw ? ` (the clinic's ${cw.start}-${cw.end}, narrowed to the hours the law allows in ${regionName(preview.region)})` : '';
  return html`<p class="muted" id="enroll-preview-hours">Texts and emails go out between ${w.start} and ${w.end}${why}.</p>`;
}

export function EnrollPreview({ preview, zone }) {
  const stepLabel = useStepLabel();
  const steps = previewSteps(preview);
  return html`<section class="enroll-preview" id="enroll-preview" aria-labelledby="enroll-preview-title" tabindex="-1">
    <h3 id="enroll-preview-title">The plan, before enrolling</h3>
    <p class="muted">On the client's clock (${zone}). Nothing is sent until you enroll.</p>
    <${Hours} preview=${preview} />
    <ol class="preview-steps">
      ${steps.map(
        (step) => html`<li class="preview-step" data-step=${step.step || step.id}>
          <div class="preview-head">
            <span class="plan-step">${stepLabel(step.step || step.id)}</span>
            <span class="plan-day">${step.day === undefined || step.day === null ? '' : `Day ${step.day}`}${step.to === 'clinic' ? ' · to the clinic' : ''}</span>
            <span class="preview-when"><${When} iso=${step.sendAt || step.local} zone=${zone} withZone=${false} /></span>
          </div>
          ${messages(step).map(
            (m) => html`<div class="preview-message">
              ${m.channel && html`<span class="preview-channel">${channelLabel(m.channel)}</span>`}
              ${m.subject && html`<p class="preview-subject">${m.subject}</p>`}
              <p class="preview-text">${m.text}</p>
            </div>`,
          )}
        </li>`,
      )}
    </ol>
  </section>`;
}
