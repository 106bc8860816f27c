/**
 * Change how the client is reached: a new phone or email (left empty: kept), or their time zone,
 * which replans the steps still to come on their new clock. Only what changed is sent.
 */
import { useEffect, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api, enrollmentPath } from '../api.js';
import { phoneAsSent } from '../form-values.js';
import { useSubmit } from '../form-submit.js';
import { refreshTimeline, showStatus } from '../state/timeline.js';
import { toast } from '../state/toast.js';
import { Field, fieldAria } from './field.js';
import { FormAlert } from './form-alert.js';
import { ZoneSelect } from './zone-select.js';

const FIELDS = { contactPhone: ['phone'], contactEmail: ['email'], contactZone: ['timezone'] };
const FIELD_WORDS = { phone: 'phone', email: 'email', timezone: 'time zone' };

export function ContactForm({ workflowId, zone, ended }) {
  const [values, setValues] = useState({ phone: '', email: '', timezone: zone });
  const { busy, general, setGeneral, setErrors, attempt, errs, clear, reset } = useSubmit(FIELDS);

  // Another client, or their zone changed on the server: start again from it.
  useEffect(() => {
    setValues({ phone: '', email: '', timezone: zone });
    reset();
  }, [workflowId, zone]);

  async function submit(event) {
    event.preventDefault();
    if (busy) return;
    const body = {};
    if (values.phone.trim()) body.phone = phoneAsSent(values.phone);
    if (values.email.trim()) body.email = values.email.trim();
    if (values.timezone && values.timezone !== zone) body.timezone = values.timezone;
    setErrors({});
    if (!Object.keys(body).length) return setGeneral(['Nothing to change: type a new phone or email, or choose another time zone.']);
    await attempt(async () => {
      const res = await api('POST', enrollmentPath(workflowId, '/contact'), body);
      if (res && res.phase) showStatus(workflowId, res);
      const changed = Object.keys(body).map((k) => FIELD_WORDS[k]);
      toast(`Changed the client's ${changed.join(' and ')}.${body.timezone ? ' The messages still to come follow the new clock.' : ''}`);
      setValues((v) => ({ ...v, phone: '', email: '' }));
      void refreshTimeline();
    }, { focusRefused: true });
  }

  const set = (name, id) => (value) => {
    setValues((v) => ({ ...v, [name]: value }));
    clear(id);
  };
  return html`<form id="contact-form" class="form form-compact" novalidate hidden=${ended} onSubmit=${submit}>
    <${FormAlert} id="contact-alert" lines=${general} />
    <div class="field-row">
      <${Field} id="contactPhone" label="New mobile phone" hint="Empty: keep the current one." errors=${errs('contactPhone')} dataField="phone">
        <input id="contactPhone" name="phone" type="tel" autocomplete="off" placeholder="+12125554477" value=${values.phone} onInput=${(e) => set('phone', 'contactPhone')(e.currentTarget.value)} ...${fieldAria('contactPhone', errs('contactPhone'))} />
      <//>
      <${Field} id="contactEmail" label="New email" hint="Empty: keep the current one." errors=${errs('contactEmail')} dataField="email">
        <input id="contactEmail" name="email" type="email" autocomplete="off" spellcheck="false" value=${values.email} onInput=${(e) => set('email', 'contactEmail')(e.currentTarget.value)} ...${fieldAria('contactEmail', errs('contactEmail'))} />
      <//>
    </div>
    <${Field} id="contactZone" label="Client's time zone" hint="A new zone moves the messages still to come to the same times on the new clock." errors=${errs('contactZone')} dataField="timezone">
      <${ZoneSelect} id="contactZone" value=${values.timezone} onChange=${set('timezone', 'contactZone')} ...${fieldAria('contactZone', errs('contactZone'))} />
    <//>
    <div class="form-actions">
      <button type="submit" class="btn btn-primary" id="contact-submit" disabled=${busy}>${busy ? 'Saving…' : 'Save contact details'}</button>
    </div>
  </form>`;
}
