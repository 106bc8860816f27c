/**
 * The photos the client texted in (photo check-ins), in their timeline: each picture (served by
 * GET /api/photos/:id with the session cookie, never cached) with "Looks fine" and "Call the
 * client"; once staff chose, what they chose, when and by whom shows instead.
 */
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api } from '../api.js';
import { photoReview } from '../labels.js';
import { refreshTimeline, showPhoto } from '../state/timeline.js';
import { toast } from '../state/toast.js';
import { Badge } from './badge.js';
import { When } from './when.js';

const photoPath = (id, suffix = '') => `/api/photos/${encodeURIComponent(id)}${suffix}`;

function Photo({ workflowId, photo, zone, who }) {
  const [busy, setBusy] = useState('');
  const [error, setError] = useState('');
  const review = photo.review || { state: 'to-review' };
  const decided = review.state !== 'to-review';
  const label = photoReview(review.state);

  const decide = async (outcome) => {
    setBusy(outcome);
    setError('');
    try {
      const after = await api('POST', photoPath(photo.id, '/review'), { outcome });
      showPhoto(workflowId, after);
      toast(`${photoReview(outcome).label}: recorded for the photo from ${who}.`);
      void refreshTimeline();
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy('');
    }
  };

  return html`<li class="photo" data-photo-id=${photo.id} data-review=${review.state}>
    <a href=${photoPath(photo.id)} target="_blank" rel="noopener" class="photo-link">
      <img src=${photoPath(photo.id)} alt=${`Photo from ${who}`} loading="lazy" width="160" height="120" />
    </a>
    <div class="photo-body">
      <div class="step-head">
        <span class="step-name">Photo from the client</span>
        <${Badge} tone=${label.tone}>${label.label}<//>
        <span class="step-day"><${When} iso=${photo.at} zone=${zone} /></span>
      </div>
      ${decided
        ? html`<p class="muted photo-outcome">${label.label} · <${When} iso=${review.at} zone=${zone} />${review.note ? html`<br />${review.note}` : ''}</p>`
        : html`<div class="action-row">
            <button type="button" class="btn btn-primary" data-outcome="looks-fine" disabled=${Boolean(busy)} onClick=${() => decide('looks-fine')}>
              ${busy === 'looks-fine' ? 'Saving…' : 'Looks fine'}
            </button>
            <button type="button" class="btn btn-danger-outline" data-outcome="call-client" disabled=${Boolean(busy)} onClick=${() => decide('call-client')}>
              ${busy === 'call-client' ? 'Saving…' : 'Call the client'}
            </button>
          </div>`}
      ${error && html`<p class="alert alert-error" role="alert">${error}</p>`}
    </div>
  </li>`;
}

export function TimelinePhotos({ workflowId, status, photos, zone }) {
  if (!photos || photos.length === 0) return null;
  const who = status.clientRef || workflowId;
  return html`<section class="tl-section" id="tl-photos" aria-labelledby="tl-photos-title">
    <h3 id="tl-photos-title">Photos</h3>
    <ul class="photos">
      ${photos.map((p) => html`<${Photo} key=${p.id} workflowId=${workflowId} photo=${p} zone=${zone} who=${who} />`)}
    </ul>
  </section>`;
}
