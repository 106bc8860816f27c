/**
 * Enrol a client right after their session, in two steps: the plan first (POST /api/preview, shown
 * in the card), then the enrolment once staff confirm it. Changing any field asks for the plan
 * again. Each field has its hint; whatever the server refuses is shown under the field it names
 * (the first such field gets the focus), the rest above the form.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api, ApiError } from '../api.js';
import { enrollmentBody, FIELDS, groupIssues, labelOf, valuesFromEnrollment } from '../enrollment.js';
import { focusField } from '../form-values.js';
import { chooseClinic, useClinic } from '../state/clinics.js';
import { languageOfTag, useLanguages } from '../state/languages.js';
import { enrolPrefill } from '../state/enrol-prefill.js';
import { useStore } from '../state/store.js';
import { timelineHref } from '../state/timeline.js';
import { browserZone, wallTimeNow } from '../time.js';
import { ClinicPicker } from './clinic-picker.js';
import { ConsentField } from './consent.js';
import { EnrollPreview, previewSteps } from './enroll-preview.js';
import { Field, fieldAria } from './field.js';
import { LanguageSelect } from './language-select.js';
import { RegionSelect } from './region-select.js';
import { SessionTimeField } from './session-time-field.js';
import { ZoneSelect } from './zone-select.js';

/** Ready for the next client: the clinic, zone and plan length stay. */
const nextClient = (values) => ({
  ...values,
  clientRef: '',
  firstName: '',
  phone: '',
  email: '',
  sessionNumber: '1',
  performedAt: wallTimeNow(values.timezone),
  region: '',
  // Empty: the clinic's default language, shown preselected (see languageShown).
  locale: '',
  consent: { sms: false, email: false },
});

function submitLabel(busy, preview) {
  if (preview) return busy ? 'Enrolling…' : 'Confirm and enroll';
  return busy ? 'Working out the plan…' : 'Preview plan';
}

const initialValues = () => nextClient({ timezone: browserZone, plannedSessions: '3' });

export function EnrollForm({ onEnrolled }) {
  const { id: clinicId, clinic, name: clinicName } = useClinic();
  const languages = useLanguages();
  const [values, setValues] = useState(initialValues);
  const [errors, setErrors] = useState({});
  const [alert, setAlert] = useState(null);
  const [busy, setBusy] = useState(false);
  const [focus, setFocus] = useState(null);
  // The plan POST /api/preview answered for the values as they are now (null: not asked yet).
  const [preview, setPreview] = useState(null);
  const previewRef = useRef(null);
  const touched = useRef({ performedAt: false, plannedSessions: false });
  const alertRef = useRef(null);

  // A clinic's own plan length, unless staff already chose one.
  useEffect(() => {
    if (clinic && Number.isInteger(clinic.plannedSessions) && !touched.current.plannedSessions) {
      setValues((v) => ({ ...v, plannedSessions: String(clinic.plannedSessions) }));
    }
  }, [clinic]);

  // The next session of a client, prefilled from the one before (the course's "Enrol session N").
  const prefill = useStore(enrolPrefill);
  useEffect(() => {
    if (!prefill) return;
    const { body } = prefill;
    enrolPrefill.set(null);
    if (body.clinicId) chooseClinic(body.clinicId);
    touched.current = { performedAt: true, plannedSessions: true };
    setErrors({});
    setValues(valuesFromEnrollment(body));
    setAlert({
      tone: 'info',
      content: html`<p id="enroll-prefilled">Session ${body.session.number} of ${body.clientRef}, filled in from session ${body.session.number - 1}. Check the details with the client, then preview the plan.</p>`,
    });
    setFocus({ id: 'firstName' });
  }, [prefill]);

  // Any change: the plan shown no longer matches the form.
  useEffect(() => setPreview(null), [values, clinicId]);

  useEffect(() => {
    if (preview) previewRef.current.querySelector('#enroll-preview').scrollIntoView({ block: 'nearest' });
  }, [preview]);

  useEffect(() => {
    if (!focus) return;
    if (focus.id) focusField(focus.id);
    else alertRef.current.scrollIntoView({ block: 'center' });
  }, [focus]);

  // Until staff pick one, the clinic's default language (English where the clinic names none offered).
  const languageShown = values.locale || languageOfTag(languages, clinic && clinic.defaultLocale) || (languages[0] && languages[0].code) || '';

  const clearError = (id) => setErrors((e) => (e[id] ? { ...e, [id]: undefined } : e));
  const set = (id, name = id) => (value) => {
    setValues((v) => ({ ...v, [name]: value }));
    clearError(id);
  };
  const onText = (id) => (e) => set(id)(e.currentTarget.value);
  const errorsOf = (id) => errors[id] || [];

  const setNow = () => {
    touched.current.performedAt = false;
    setValues((v) => ({ ...v, performedAt: wallTimeNow(v.timezone) }));
    clearError('performedAt');
  };
  const setZone = (zone) => {
    setValues((v) => ({ ...v, timezone: zone, performedAt: touched.current.performedAt ? v.performedAt : wallTimeNow(zone) }));
    clearError('timezone');
  };

  function showIssues(issues) {
    const { byField, general } = groupIssues(issues);
    setErrors(byField);
    const count = Object.keys(byField).length;
    setAlert({
      tone: 'error',
      content: html`${count ? html`<p>${count === 1 ? 'One field needs correcting before the client can be enrolled.' : `${count} fields need correcting before the client can be enrolled.`}</p>` : null}
      ${general.length ? html`<ul>${general.map((g) => html`<li>${g}</li>`)}</ul>` : null}`,
    });
    setFocus({ id: FIELDS.map((f) => f.id).find((id) => byField[id]) });
  }

  function showConflict(body, err) {
    const workflowId = typeof err.body.workflowId === 'string' ? err.body.workflowId : '';
    setAlert({
      tone: 'warning',
      content: html`<p>
        Session ${body.session.number} of ${body.clientRef} is already enrolled; nothing new was started.${' '}
        ${workflowId && html`<a href=${timelineHref(workflowId)} class="alert-link">Open its timeline</a>`}
      </p>`,
    });
    setFocus({ id: null });
  }

  async function submit(event) {
    event.preventDefault();
    if (busy) return;
    setErrors({});
    setAlert(null);
    // The language shown is the one sent: staff chose it, or it is the clinic's default.
    const { body, local } = enrollmentBody({ ...values, locale: languageShown }, { clinicId, clinicName });
    // Nothing is sent until the session time is there.
    if (local.length) return showIssues(local);
    setBusy(true);
    if (!preview) {
      try {
        // The messages greet the client by name, as they will; the region (given, or the phone's
        // country) can narrow the hours the plan keeps to.
        const { timezone, firstName, region, phone, locale } = body.client;
        const client = { timezone, ...(firstName ? { firstName } : {}), ...(region ? { region } : {}), ...(locale ? { locale } : {}), ...(phone ? { phone } : {}) };
        const plan = await api('POST', '/api/preview', { clinicId: body.clinicId, client, session: body.session });
        if (previewSteps(plan).length) return setPreview(plan);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        // A server without previews enrolls at once, as before; every other refusal is the form's.
        if (!(err.status === 404 && !err.issues.length && !/clinic/i.test(err.message))) {
          setBusy(false);
          return refused(err, body);
        }
      } finally {
        setBusy(false);
      }
    }
    setBusy(true);
    try {
      const res = (await api('POST', '/api/enrollments', body)) || {};
      touched.current.performedAt = false;
      setValues(nextClient);
      onEnrolled(res, body);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      refused(err, body);
    } finally {
      setBusy(false);
    }
  }

  function refused(err, body) {
    // 400: every field's problem; 404 names the unknown clinic the same way.
    if ((err.status === 400 || err.status === 404) && err.issues.length) showIssues(err.issues);
    else if (err.status === 409) showConflict(body, err);
    else if (err.status === 404 && /clinic/i.test(err.message)) showIssues([{ path: 'clinicId', message: err.message }]);
    else setAlert({ tone: 'error', content: html`<p>${err.message}</p>` });
  }

  function reset(event) {
    event.preventDefault();
    setErrors({});
    setAlert(null);
    touched.current.performedAt = false;
    setValues((v) => nextClient({ ...v, timezone: browserZone }));
    setFocus({ id: 'clientRef' });
  }

  const text = (id, props) => html`<input id=${id} name=${id} value=${values[id]} onInput=${onText(id)} ...${fieldAria(id, errorsOf(id))} ...${props} />`;
  const field = (id, props, control) => html`<${Field} id=${id} label=${labelOf(id)} errors=${errorsOf(id)} dataField=${id} ...${props}>${control}<//>`;

  return html`<form id="enroll-form" class="form" novalidate autocomplete="off" onSubmit=${submit} onReset=${reset}>
    <div id="form-alert" class=${`alert alert-${alert ? alert.tone : 'error'}`} role="alert" hidden=${!alert} ref=${alertRef}>${alert && alert.content}</div>

    <${ClinicPicker} errors=${errorsOf('clinic')} onEdit=${() => clearError('clinic')} />

    <div class="field-row">
      ${field(
        'clientRef',
        { hint: 'Your own client number, e.g. C1042. Never a name or phone number.' },
        text('clientRef', { type: 'text', inputmode: 'text', spellcheck: 'false', autocapitalize: 'characters', maxlength: '64' }),
      )}
      ${field('firstName', { hint: 'Used to greet the client in messages.' }, text('firstName', { type: 'text', autocapitalize: 'words', maxlength: '50' }))}
    </div>

    <div class="field-row">
      ${field(
        'phone',
        { hint: 'International form with country code, e.g. +12125554477: a number in use (its country and area code are checked). Needed for SMS.' },
        text('phone', { type: 'tel', inputmode: 'tel', spellcheck: 'false', placeholder: '+12125554477' }),
      )}
      ${field(
        'email',
        { hint: 'Needed for email; also the fallback when SMS fails.' },
        text('email', { type: 'email', inputmode: 'email', spellcheck: 'false', autocapitalize: 'off', placeholder: 'client@example.com' }),
      )}
    </div>

    ${field(
      'timezone',
      { hint: "Where the client lives: messages go out at the clinic's send time in this zone, never at night." },
      html`<${ZoneSelect} id="timezone" value=${values.timezone} onChange=${setZone} ...${fieldAria('timezone', errorsOf('timezone'))} />`,
    )}

    <div class="field-row">
      ${field(
        'region',
        { hint: 'The law where the client lives can narrow the hours texts may go out (a few US states allow fewer hours and prompts). Optional.' },
        html`<${RegionSelect} id="region" value=${values.region} onChange=${set('region')} ...${fieldAria('region', errorsOf('region'))} />`,
      )}
      ${languages.length > 0 &&
      field(
        'locale',
        { hint: "The language of the client's texts and emails. The clinic's default unless the client prefers another." },
        html`<${LanguageSelect} id="locale" value=${languageShown} languages=${languages} onChange=${set('locale')} ...${fieldAria('locale', errorsOf('locale'))} />`,
      )}
    </div>

    <div class="field-row field-row-3">
      ${field('sessionNumber', { hint: '1 for the first session.' }, text('sessionNumber', { type: 'number', inputmode: 'numeric', min: '1', max: '20', step: '1' }))}
      ${field(
        'plannedSessions',
        { hint: 'In the whole treatment.' },
        html`<input
          id="plannedSessions"
          name="plannedSessions"
          type="number"
          inputmode="numeric"
          min="1"
          max="20"
          step="1"
          value=${values.plannedSessions}
          onInput=${(e) => {
            touched.current.plannedSessions = true;
            set('plannedSessions')(e.currentTarget.value);
          }}
          ...${fieldAria('plannedSessions', errorsOf('plannedSessions'))}
        />`,
      )}
    </div>

    <${SessionTimeField}
      value=${values.performedAt}
      zone=${values.timezone}
      errors=${errorsOf('performedAt')}
      onInput=${(wall) => {
        touched.current.performedAt = true;
        set('performedAt')(wall);
      }}
      onNow=${setNow}
    />

    <${ConsentField} clinicName=${clinicName} value=${values.consent} onChange=${set('consent')} errors=${errorsOf('consent')} />

    <div ref=${previewRef}>${preview && html`<${EnrollPreview} preview=${preview} zone=${values.timezone} />`}</div>

    <div class="form-actions">
      <button type="submit" class="btn btn-primary" id="enroll-submit" disabled=${busy}>${submitLabel(busy, preview)}</button>
      <button type="reset" class="btn btn-quiet" id="enroll-reset">Clear</button>
    </div>
  </form>`;
}
