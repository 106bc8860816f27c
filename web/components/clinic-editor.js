/**
 * Add a clinic, or edit one, in a drawer: every field of the profile, in sections. Whatever the
 * server refuses is shown under the field it names (the first such field gets the focus); a taken
 * clinic ID under the ID. Saved changes reach the picker and the list at once, without a restart.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api, ApiError } from '../api.js';
import { CLINIC_FIELDS, clinicBody, clinicChanges, clinicLabel, formValues, groupClinicIssues, SECTIONS, SENDERS } from '../clinic-profile.js';
import { focusField } from '../form-values.js';
import { loadClinics, rememberClinic } from '../state/clinics.js';
import { toast } from '../state/toast.js';
import { Dialog } from './dialog.js';
import { Field, FieldError, fieldAria } from './field.js';
import { CloseIcon } from './icons.js';

const HINTS = {
  'clinic-id': 'Lowercase letters, digits and dashes, e.g. harbour-east. It never changes once the clinic is added.',
  'clinic-name': 'As clients know it: messages are signed with it.',
  'clinic-phone': 'International form, e.g. +12125550147. Messages tell clients to call it.',
  'clinic-email': 'Where the clinic gets notices about its clients.',
  'clinic-bookingUrl': 'The page where clients book their next session.',
  'clinic-sendTime': "When each message goes out, on the client's clock. Empty: the platform's default.",
  'clinic-window': "Nothing is sent outside these hours (client's clock); the send time must fall inside. Empty: the platform's default.",
  'clinic-plannedSessions': "Sessions in a usual treatment; staff can change it per client. Empty: the platform's default.",
  'clinic-smsFrom': 'The number the clinic texts from, in international form (or an alphanumeric sender ID).',
  'clinic-smsService': 'The messaging service that picks the number: MG and 32 more letters and digits.',
  'clinic-accountSid': "Optional: a Twilio sub-account for this clinic's texts (AC…).",
  'clinic-authTokenEnv': "Optional, with the sub-account: the name of the server's environment variable holding its auth token. The token itself is never stored here.",
  'clinic-smsRate': "How many texts a second this sender may send. Empty: the platform's default.",
  'clinic-emailFrom': "Name <address> or an address. Empty: the platform's sender.",
  'clinic-replyTo': 'Where client replies to emails go. Empty: the From address.',
  'clinic-onCallPhone': "Texted with urgent alerts. Empty: the clinic's phone.",
  'clinic-defaultLocale': "Language of messages for clients who choose none, e.g. en or es. Empty: the platform's default.",
  'clinic-reviewUrl': 'Optional: where happy clients can leave a review.',
  'clinic-photoCheckIns': 'ask clients for a photo of their healing at check-ins.',
  'clinic-touchUp': "Months after treatment to suggest a touch-up. Empty: the platform's default.",
};

const INPUTS = {
  'clinic-id': ['id', { type: 'text', spellcheck: 'false', autocapitalize: 'off', maxlength: '40', placeholder: 'harbour-east' }],
  'clinic-name': ['name', { type: 'text', maxlength: '80' }],
  'clinic-phone': ['phone', { type: 'tel', inputmode: 'tel', spellcheck: 'false', placeholder: '+12125550147' }],
  'clinic-email': ['email', { type: 'email', spellcheck: 'false', autocapitalize: 'off', placeholder: 'care@clinic.example.com' }],
  'clinic-bookingUrl': ['bookingUrl', { type: 'url', spellcheck: 'false', autocapitalize: 'off', placeholder: 'https://clinic.example.com/book' }],
  'clinic-sendTime': ['sendTime', { type: 'time', step: '60' }],
  'clinic-plannedSessions': ['plannedSessions', { type: 'number', inputmode: 'numeric', min: '1', max: '20', step: '1' }],
  'clinic-smsFrom': ['smsFrom', { type: 'tel', inputmode: 'tel', spellcheck: 'false', placeholder: '+12125550100' }],
  'clinic-smsService': ['smsService', { type: 'text', spellcheck: 'false', autocapitalize: 'off', placeholder: 'MG…' }],
  'clinic-accountSid': ['accountSid', { type: 'text', spellcheck: 'false', autocapitalize: 'off', placeholder: 'AC…' }],
  'clinic-authTokenEnv': ['authTokenEnv', { type: 'text', spellcheck: 'false', autocapitalize: 'characters', placeholder: 'TWILIO_AUTH_TOKEN_HARBOUR' }],
  'clinic-smsRate': ['smsRate', { type: 'number', inputmode: 'decimal', min: '0', step: 'any' }],
  'clinic-emailFrom': ['emailFrom', { type: 'text', spellcheck: 'false', placeholder: 'Harbour Clinic <care@clinic.example.com>' }],
  'clinic-replyTo': ['replyTo', { type: 'email', spellcheck: 'false', autocapitalize: 'off' }],
  'clinic-onCallPhone': ['onCallPhone', { type: 'tel', inputmode: 'tel', spellcheck: 'false' }],
  'clinic-defaultLocale': ['defaultLocale', { type: 'text', spellcheck: 'false', autocapitalize: 'off', maxlength: '35', placeholder: 'en' }],
  'clinic-reviewUrl': ['reviewUrl', { type: 'url', spellcheck: 'false', autocapitalize: 'off' }],
  'clinic-touchUp': ['touchUp', { type: 'number', inputmode: 'numeric', min: '1', step: '1' }],
};

/** Fields side by side (they are short); the rest take the whole width. */
const ROWS = {
  basics: [['clinic-id', 'clinic-name'], ['clinic-phone', 'clinic-email'], ['clinic-bookingUrl']],
  timing: [['clinic-sendTime', 'clinic-plannedSessions'], ['clinic-window']],
  sms: [['clinic-sender'], ['clinic-smsFrom', 'clinic-smsService', 'clinic-smsRate'], ['clinic-accountSid', 'clinic-authTokenEnv']],
  email: [['clinic-emailFrom', 'clinic-replyTo']],
  care: [['clinic-onCallPhone', 'clinic-defaultLocale'], ['clinic-reviewUrl'], ['clinic-touchUp', 'clinic-photoCheckIns']],
};

/** `clinic`: the profile being edited, or null to add one. */
export function ClinicEditor({ open, clinic, onClose }) {
  const adding = !clinic;
  const [values, setValues] = useState(() => formValues(clinic));
  const [errors, setErrors] = useState({});
  const [alert, setAlert] = useState('');
  const [busy, setBusy] = useState(false);
  const [focus, setFocus] = useState(null);
  const title = useRef(null);

  // Opened (again): the clinic as it is now, no old errors, the focus on the first field.
  useEffect(() => {
    if (!open) return;
    setValues(formValues(clinic));
    setErrors({});
    setAlert('');
    setFocus({ id: adding ? 'clinic-id' : 'clinic-name' });
  }, [open, clinic]);

  useEffect(() => {
    if (focus && focus.id) focusField(focus.id);
    else if (focus) title.current.focus();
  }, [focus]);

  const clearError = (id) => setErrors((e) => (e[id] ? { ...e, [id]: undefined } : e));
  const set = (name, id) => (value) => {
    setValues((v) => ({ ...v, [name]: value }));
    clearError(id);
  };
  const errorsOf = (id) => errors[id] || [];

  function showIssues(issues) {
    const { byField, general } = groupClinicIssues(issues);
    setErrors(byField);
    const count = Object.keys(byField).length;
    const lines = [count ? `${count === 1 ? 'One field needs' : `${count} fields need`} correcting; nothing was saved.` : 'Nothing was saved.', ...general];
    setAlert(lines.join(' '));
    setFocus({ id: CLINIC_FIELDS.map((f) => f.id).find((id) => byField[id]) || null });
  }

  async function submit(event) {
    event.preventDefault();
    if (busy) return;
    setErrors({});
    setAlert('');
    const { body, local } = adding ? clinicBody(values) : clinicChanges(clinic, values);
    if (local.length) return showIssues(local);
    if (!adding && !Object.keys(body).length) {
      onClose();
      return toast('Nothing was changed.');
    }
    setBusy(true);
    try {
      const saved = adding ? await api('POST', '/api/clinics', body) : await api('PATCH', `/api/clinics/${encodeURIComponent(clinic.id)}`, body);
      if (saved && typeof saved === 'object' && typeof saved.id === 'string') rememberClinic(saved);
      void loadClinics();
      onClose();
      const name = (saved && saved.name) || body.name || clinic.name;
      toast(adding ? `${name} added. Clients can be enrolled there now.` : `${name} saved. Its next messages use these details.`);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 409 && adding) showIssues([{ path: 'id', message: `"${body.id}" is already another clinic's ID. Choose another.` }]);
      else if (err.status === 400 && err.issues.length) showIssues(err.issues);
      else if (err.status === 404 && !adding) showIssues([{ path: '(body)', message: `The server has no clinic "${clinic.id}" any more.` }]);
      else showIssues([{ path: '(body)', message: err.message }]);
    } finally {
      setBusy(false);
    }
  }

  const field = (id) => {
    const [name, props] = INPUTS[id];
    return html`<${Field} id=${id} label=${clinicLabel(id)} hint=${HINTS[id]} errors=${errorsOf(id)} dataField=${id}>
      <input
        id=${id}
        name=${name}
        value=${values[name]}
        onInput=${(e) => set(name, id)(e.currentTarget.value)}
        ...${fieldAria(id, errorsOf(id))}
        ...${props}
      />
    <//>`;
  };

  const idField = () =>
    adding
      ? field('clinic-id')
      : html`<${Field} id="clinic-id" label=${clinicLabel('clinic-id')} hint="A clinic's ID never changes: its clients' records are filed under it.">
          <input id="clinic-id" name="id" type="text" value=${values.id} readonly aria-describedby="clinic-id-hint" />
        <//>`;

  const windowField = () => {
    const errs = errorsOf('clinic-window');
    const aria = fieldAria('clinic-window', errs);
    const end = (name, label) => html`<label class="window-end">
      <span>${label}</span>
      <input
        id=${`clinic-${name}`}
        name=${name}
        type="time"
        step="60"
        value=${values[name]}
        onInput=${(e) => set(name, 'clinic-window')(e.currentTarget.value)}
        ...${aria}
      />
    </label>`;
    return html`<fieldset id="clinic-window" class=${`field field-group${errs.length ? ' has-error' : ''}`} data-field="clinic-window" aria-describedby=${aria['aria-describedby']}>
      <legend>${clinicLabel('clinic-window')}</legend>
      <div class="window-ends">${end('windowStart', 'From')} ${end('windowEnd', 'Until')}</div>
      <p class="hint" id="clinic-window-hint">${HINTS['clinic-window']}</p>
      <${FieldError} id="clinic-window" label=${clinicLabel('clinic-window')} errors=${errs} />
    </fieldset>`;
  };

  const senderField = () => {
    const errs = errorsOf('clinic-sender');
    return html`<fieldset id="clinic-sender" class=${`field field-group${errs.length ? ' has-error' : ''}`} data-field="clinic-sender" ...${fieldAria('clinic-sender', errs)}>
      <legend>${clinicLabel('clinic-sender')}</legend>
      <div class="choice-row">
        ${SENDERS.map(
          (s) => html`<label class="choice">
            <input
              type="radio"
              name="sender"
              id=${`clinic-sender-${s.value}`}
              value=${s.value}
              checked=${values.sender === s.value}
              onChange=${() => set('sender', 'clinic-sender')(s.value)}
            />
            <span>${s.label}</span>
          </label>`,
        )}
      </div>
      <p class="hint" id="clinic-sender-hint">Without Twilio credentials on the server, texts go to the local outbox, labelled with the clinic.</p>
      <${FieldError} id="clinic-sender" label=${clinicLabel('clinic-sender')} errors=${errs} />
    </fieldset>`;
  };

  const photoField = () => html`<div class="field" data-field="clinic-photoCheckIns">
    <label class="check">
      <input
        type="checkbox"
        id="clinic-photoCheckIns"
        name="photoCheckIns"
        checked=${values.photoCheckIns}
        onChange=${(e) => set('photoCheckIns', 'clinic-photoCheckIns')(e.currentTarget.checked)}
        ...${fieldAria('clinic-photoCheckIns', errorsOf('clinic-photoCheckIns'), [])}
      />
      <span class="check-text"><strong>${clinicLabel('clinic-photoCheckIns')}</strong>: ${HINTS['clinic-photoCheckIns']}</span>
    </label>
    <${FieldError} id="clinic-photoCheckIns" label=${clinicLabel('clinic-photoCheckIns')} errors=${errorsOf('clinic-photoCheckIns')} />
  </div>`;

  const shown = (id) => {
    if (id === 'clinic-smsFrom') return values.sender === 'number';
    if (id === 'clinic-smsService') return values.sender === 'service';
    if (id === 'clinic-accountSid' || id === 'clinic-authTokenEnv') return values.sender !== 'platform';
    return true;
  };

  const control = (id) => {
    if (!shown(id)) return null;
    if (id === 'clinic-id') return idField();
    if (id === 'clinic-window') return windowField();
    if (id === 'clinic-sender') return senderField();
    if (id === 'clinic-photoCheckIns') return photoField();
    return field(id);
  };

  const heading = adding ? 'Add a clinic' : `Edit ${clinic.name || clinic.id}`;
  return html`<${Dialog} id="clinic-editor" class="drawer" labelledBy="clinic-editor-title" open=${open} onClose=${onClose}>
    <div class="drawer-head">
      <div>
        <p class="eyebrow">Clinic profile</p>
        <h2 id="clinic-editor-title" tabindex="-1" ref=${title}>${heading}</h2>
        <p class="muted">${adding ? 'Clients can be enrolled there as soon as it is added; nothing needs restarting.' : "Running clients' next messages use what you save here."}</p>
      </div>
      <button type="button" class="btn btn-quiet btn-icon" id="clinic-editor-close" aria-label="Close without saving" onClick=${onClose}>
        <${CloseIcon} />
      </button>
    </div>
    <form id="clinic-form" class="drawer-body form" novalidate autocomplete="off" onSubmit=${submit}>
      <div id="clinic-form-alert" class="alert alert-error" role="alert" hidden=${!alert}>${alert && html`<p>${alert}</p>`}</div>
      ${SECTIONS.map(
        (section) => html`<section class="form-section" aria-labelledby=${`clinic-section-${section.id}`}>
          <h3 id=${`clinic-section-${section.id}`}>${section.title}</h3>
          ${ROWS[section.id].map((row) => {
            const cells = row.map(control).filter(Boolean);
            return cells.length > 1 ? html`<div class="field-row">${cells}</div>` : cells;
          })}
        </section>`,
      )}
      <div class="form-actions form-actions-sticky">
        <button type="submit" class="btn btn-primary" id="clinic-save" disabled=${busy}>${busy ? 'Saving…' : adding ? 'Add clinic' : 'Save changes'}</button>
        <button type="button" class="btn btn-quiet" id="clinic-cancel" onClick=${onClose}>Cancel</button>
      </div>
    </form>
  <//>`;
}
