/**
 * One client's timeline, in a drawer over the page: an open concern first, then phase, next
 * message, their clock, channels, every step with its deliveries and the texts to and from the
 * client, the photos they sent; and what staff do for the client: mark a concern handled, pause, resume or resend, the
 * booking, channels and contact details, and a way to stop aftercare.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { channelLabel, channelState, phaseTone, TERMINAL_PHASES } from '../labels.js';
import { clinicById, clinics } from '../state/clinics.js';
import { languageName, useLanguages } from '../state/languages.js';
import { useStepLabel } from '../state/steps.js';
import { useStore } from '../state/store.js';
import { courseHref } from '../state/course.js';
import { closeTimeline, timeline } from '../state/timeline.js';
import { browserZone, clockNow, formatRelative } from '../time.js';
import { Badge } from './badge.js';
import { BookingSection } from './booking-form.js';
import { CancelDialog } from './cancel-dialog.js';
import { ConcernBanner } from './concern-banner.js';
import { ContactSection } from './contact-section.js';
import { Dialog } from './dialog.js';
import { CloseIcon } from './icons.js';
import { NextSessionOffer } from './next-session-offer.js';
import { TimelineActions } from './timeline-actions.js';
import { TimelinePhotos } from './timeline-photos.js';
import { TimelineSteps } from './timeline-steps.js';
import { When } from './when.js';

function Summary({ status, zone, stepLabel }) {
  const languages = useLanguages();
  const phase = status.phase || 'enrolled';
  const next = status.nextStep;
  const channels = status.channels || {};
  return html`<dl class="summary">
    <div><dt>Phase</dt><dd><${Badge} tone=${phaseTone(phase)}>${stepLabel(phase)}<//></dd></div>
    <div>
      <dt>Next message</dt>
      <dd>
        ${next
          ? html`<strong>${stepLabel(next.id)}</strong><br /><${When} iso=${next.sendAt} zone=${zone} /><span class="muted"> · ${formatRelative(next.sendAt)}</span>`
          : html`<span class="muted">${TERMINAL_PHASES.has(phase) ? 'None: aftercare has ended' : 'None planned'}</span>`}
      </dd>
    </div>
    <div><dt>Client's clock</dt><dd>${clockNow(zone)}<span class="muted"> · ${zone}</span></dd></div>
    ${status.locale && html`<div><dt>Messages in</dt><dd data-field="locale" lang=${status.locale}>${languageName(languages, status.locale)}</dd></div>`}
    <div>
      <dt>Channels</dt>
      <dd class="channel-list">
        ${Object.keys(channels).map((c) => {
          const state = channelState(channels[c]);
          return html`<span class=${`channel channel-${state.tone}`} data-channel=${c}>
            <span class="channel-name">${channelLabel(c)}</span><${Badge} tone=${state.tone}>${state.label}<//>
          </span>`;
        })}
      </dd>
    </div>
    ${status.calendarUrl &&
    html`<div>
      <dt><label for="tl-calendar-url">Client's calendar</label></dt>
      <dd><input id="tl-calendar-url" class="copy-line" type="text" readonly value=${status.calendarUrl} onFocus=${(e) => e.currentTarget.select()} title="Give this address to the client: their phone's calendar subscribes to it" /></dd>
    </div>`}
  </dl>`;
}

export function Timeline() {
  const { id, data: status, texts, photos, error } = useStore(timeline);
  const clinicState = useStore(clinics);
  const stepLabel = useStepLabel();
  const [cancelling, setCancelling] = useState(false);
  const title = useRef(null);

  useEffect(() => {
    setCancelling(false);
    if (id) title.current.focus();
  }, [id]);

  const zone = (status && status.timezone) || browserZone;
  const ended = status ? TERMINAL_PHASES.has(status.phase || 'enrolled') : true;
  const clinic = status && status.clinicId ? clinicById(clinicState, status.clinicId) : null;
  const heading = status ? `${status.clientRef || id} · session ${status.sessionNumber ?? '?'}` : id;
  const sub = status ? [clinic ? clinic.name : status.clinicId, zone, id].filter(Boolean).join(' · ') : error ? '' : 'Loading…';

  return html`<${Dialog} id="timeline" class="drawer" labelledBy="tl-title" open=${Boolean(id)} onClose=${closeTimeline} closeOnBackdrop>
      <div class="drawer-head">
        <div>
          <p class="eyebrow" id="tl-eyebrow">Client timeline</p>
          <h2 id="tl-title" tabindex="-1" ref=${title}>${heading || 'Client'}</h2>
          <p class="muted" id="tl-sub">${sub}</p>
          ${status && status.clinicId && status.clientRef && html`<p><a id="tl-course" href=${courseHref(status.clinicId, status.clientRef)}>The whole course</a></p>`}
        </div>
        <button type="button" class="btn btn-quiet btn-icon" id="tl-close" aria-label="Close the timeline" onClick=${closeTimeline}>
          <${CloseIcon} />
        </button>
      </div>
      <div class="drawer-body" id="tl-body">
        <div id="tl-alert" class="alert alert-error" role="alert" hidden=${!error}>${error && html`<p>${error}</p>`}</div>
        <div id="tl-content">
          ${status
            ? html`<${ConcernBanner} workflowId=${id} status=${status} zone=${zone} />
                <${Summary} status=${status} zone=${zone} stepLabel=${stepLabel} />
                <${NextSessionOffer} workflowId=${id} status=${status} />
                ${!ended && html`<${TimelineActions} workflowId=${id} status=${status} zone=${zone} stepLabel=${stepLabel} />`}
                <${TimelinePhotos} workflowId=${id} status=${status} photos=${photos} zone=${zone} />
                <section class="tl-section" aria-labelledby="tl-steps-title">
                  <h3 id="tl-steps-title">Messages and texts</h3>
                  <${TimelineSteps} status=${status} texts=${texts} zone=${zone} stepLabel=${stepLabel} />
                </section>`
            : !error && html`<p class="muted loading">Loading the timeline…</p>`}
        </div>
        ${status && html`<${BookingSection} workflowId=${id} status=${status} zone=${zone} ended=${ended} />`}
        ${status && !ended && html`<${ContactSection} workflowId=${id} status=${status} zone=${zone} ended=${ended} />`}
        <section class="tl-section tl-danger" id="tl-cancel" aria-labelledby="tl-cancel-title" hidden=${!status || ended}>
          <h3 id="tl-cancel-title">Stop aftercare</h3>
          <p class="muted">Stops every remaining message for this session. Already-sent messages stay sent.</p>
          <button type="button" class="btn btn-danger-outline" id="cancel-open" onClick=${() => setCancelling(true)}>Cancel aftercare…</button>
        </section>
      </div>
    <//>
    <${CancelDialog} open=${cancelling && Boolean(id)} workflowId=${id} status=${status} onClose=${() => setCancelling(false)} />`;
}
