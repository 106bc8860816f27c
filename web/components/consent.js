/** The consent statements staff read to the client, one tick box each. */
import { html, classes } from '../lib/html.js';
import { consentTexts } from '../enrollment.js';
import { FieldError } from './field.js';

/** `value`: { sms, email } ticks; `errors`: the server's messages about consent. */
export function ConsentField({ clinicName, value, onChange, errors = [] }) {
  const texts = consentTexts(clinicName);
  const describedBy = ['consent-hint', ...(errors.length ? ['consent-error'] : [])].join(' ');
  const invalid = errors.length ? 'true' : undefined;
  const box = (channel, id) => html`<label class="check">
    <input
      type="checkbox"
      id=${id}
      name=${id}
      checked=${value[channel]}
      onChange=${(e) => onChange({ ...value, [channel]: e.currentTarget.checked })}
      aria-describedby=${describedBy}
      aria-invalid=${invalid}
    />
    <span class="check-text" id=${`${id}-text`}>${texts[channel]}</span>
  </label>`;
  return html`<fieldset class=${classes('field consent', errors.length && 'has-error')} id="consent" data-field="consent" aria-describedby=${describedBy} aria-invalid=${invalid}>
    <legend>Consent</legend>
    <p class="hint" id="consent-hint">Read each statement to the client. Tick only what they agree to; at least one is needed.</p>
    ${box('sms', 'consentSms')} ${box('email', 'consentEmail')}
    <${FieldError} id="consent" label="Consent" errors=${errors} />
  </fieldset>`;
}
