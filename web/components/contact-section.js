/** The timeline's "how the client is reached" section: channels with their switches, then contact details. */
import { html } from '../lib/html.js';
import { ChannelSwitches } from './channel-switches.js';
import { ContactForm } from './contact-form.js';

export function ContactSection({ workflowId, status, zone, ended }) {
  return html`<section class="tl-section" id="tl-contact" aria-labelledby="tl-contact-title">
    <h3 id="tl-contact-title">Channels and contact</h3>
    <${ChannelSwitches} workflowId=${workflowId} status=${status} ended=${ended} />
    <${ContactForm} workflowId=${workflowId} zone=${zone} ended=${ended} />
  </section>`;
}
