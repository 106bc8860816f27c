/**
 * The timeline's "how the client is reached" section: channels with their switches, a consent
 * given after enrolment, then contact details.
 */
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { clinicById, clinics } from '../state/clinics.js';
import { useStore } from '../state/store.js';
import { ChannelSwitches } from './channel-switches.js';
import { ConsentDialog } from './consent-dialog.js';
import { ContactForm } from './contact-form.js';

export function ContactSection({ workflowId, status, zone, ended }) {
  const [consenting, setConsenting] = useState(false);
  const clinic = clinicById(useStore(clinics), status.clinicId);
  return html`<section class="tl-section" id="tl-contact" aria-labelledby="tl-contact-title">
    <h3 id="tl-contact-title">Channels and contact</h3>
    <${ChannelSwitches} workflowId=${workflowId} status=${status} ended=${ended} />
    <div class="action-row consent-row">
      <button type="button" class="btn btn-secondary btn-small" id="consent-open" onClick=${() => setConsenting(true)}>Record a consent…</button>
    </div>
    <${ContactForm} workflowId=${workflowId} zone=${zone} ended=${ended} />
    <${ConsentDialog} open=${consenting} workflowId=${workflowId} status=${status} clinicName=${(clinic && clinic.name) || ''} onClose=${() => setConsenting(false)} />
  </section>`;
}
