/*
 * The front desk: enroll a client after a session, follow every client's aftercare, open one
 * client's timeline, record a booking, cancel. Plain browser JavaScript, no build step, no
 * external assets. Everything that comes from the server or the user is rendered with
 * textContent (the h() helper below); nothing is ever assigned to innerHTML.
 *
 * The HTTP API (shared/interface.md): every request carries `Authorization: Bearer <key>`; the key
 * is asked for once and kept in sessionStorage; a 401 brings the sign-in prompt back and the
 * request is retried with the new key.
 */
'use strict';

(() => {
  const KEY_STORAGE = 'aftercare.apiKey';
  const CLINIC_STORAGE = 'aftercare.clinicId';
  const REFRESH_MS = 5000;
  /** An enrollment the server's list does not show yet (visibility lags a moment) stays this long. */
  const PENDING_ROW_MS = 60_000;

  const STEP_LABELS = {
    welcome: 'Welcome',
    'days-1-4': 'Days 1–4 rules',
    'days-5-7': 'Days 5–7 rules',
    'days-8-14': 'Days 8–14 rules',
    'book-next': 'Book the next session',
    'book-nudge': 'Booking reminder',
    'day-15': 'Day 15: back to routine',
    'clinic-follow-up': 'Clinic follow-up call',
    'one-month': 'One month on',
    'appointment-reminder': 'Appointment reminder',
    enrolled: 'Enrolled',
    completed: 'Completed',
    superseded: 'Superseded',
    cancelled: 'Cancelled',
  };
  const TERMINAL_PHASES = new Set(['completed', 'superseded', 'cancelled']);
  const CHANNEL_LABELS = { sms: 'SMS', email: 'Email', 'clinic-email': 'Clinic email' };
  const DELIVERY_LABELS = { sent: 'Sent', delivered: 'Delivered', undelivered: 'Undelivered', failed: 'Failed', skipped: 'Skipped' };
  const DELIVERY_TONES = { sent: 'info', delivered: 'success', undelivered: 'warning', failed: 'danger', skipped: 'neutral' };
  const CHANNEL_STATE = {
    active: { label: 'Active', tone: 'success' },
    'opted-out': { label: 'Opted out', tone: 'warning' },
    failed: { label: 'Failing', tone: 'danger' },
    none: { label: 'Not used', tone: 'neutral' },
  };
  const BOOKING_LABELS = {
    'not-needed': { label: 'Not needed', tone: 'neutral' },
    awaiting: { label: 'Awaiting booking', tone: 'warning' },
    booked: { label: 'Booked', tone: 'success' },
  };

  /** interface.md's issue paths → the form control that shows them. */
  const ENROLL_FIELDS = [
    ['clinicId', 'clinic'],
    ['clientRef', 'clientRef'],
    ['client.firstName', 'firstName'],
    ['client.phone', 'phone'],
    ['client.email', 'email'],
    ['client.timezone', 'timezone'],
    ['client.consent', 'consent'],
    ['session.number', 'sessionNumber'],
    ['session.plannedSessions', 'plannedSessions'],
    ['session.performedAt', 'performedAt'],
    ['client', 'firstName'],
    ['session', 'performedAt'],
  ];

  // --- small DOM helpers ------------------------------------------------------------------------

  const $ = (id) => document.getElementById(id);

  /** Builds an element; strings become text nodes (never markup). */
  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key === 'text') el.textContent = value;
      else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
      else if (key === 'dataset') Object.assign(el.dataset, value);
      else el.setAttribute(key, value === true ? '' : String(value));
    }
    append(el, children);
    return el;
  }

  function append(el, children) {
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  function badge(text, tone, extra = {}) {
    return h('span', { class: `badge badge-${tone}`, ...extra }, text);
  }

  function stepLabel(id) {
    return STEP_LABELS[id] || String(id || '');
  }

  /** A short note; a popover, so it shows above an open dialog too. */
  function toast(message) {
    const el = $('toast');
    el.textContent = message;
    clearTimeout(toast.timer);
    if (typeof el.showPopover === 'function') {
      if (el.matches(':popover-open')) el.hidePopover();
      el.showPopover();
      toast.timer = setTimeout(() => el.hidePopover(), 4500);
    } else {
      el.hidden = false;
      toast.timer = setTimeout(() => (el.hidden = true), 4500);
    }
  }

  // --- time zones ---------------------------------------------------------------------------------

  const browserZone = (() => {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    } catch {
      return 'UTC';
    }
  })();

  const partsFormatters = new Map();
  /** The wall-clock fields of an instant in a zone. */
  function partsIn(zone, ms) {
    let f = partsFormatters.get(zone);
    if (!f) {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
      partsFormatters.set(zone, f);
    }
    const p = {};
    for (const { type, value } of f.formatToParts(new Date(ms))) p[type] = value;
    return { year: +p.year, month: +p.month, day: +p.day, hour: +p.hour % 24, minute: +p.minute, second: +p.second };
  }

  /** The zone's UTC offset in minutes at an instant (east positive). */
  function offsetMinutes(zone, ms) {
    const whole = Math.floor(ms / 1000) * 1000;
    const p = partsIn(zone, whole);
    return Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - whole) / 60000);
  }

  const pad = (n, w = 2) => String(Math.abs(n)).padStart(w, '0');

  function offsetString(minutes) {
    const sign = minutes < 0 ? '-' : '+';
    return `${sign}${pad(Math.trunc(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
  }

  /**
   * A datetime-local value ("2026-11-24T15:00") read as a wall time in `zone` → the instant.
   * The offset is the zone's for that wall time (not the browser's): on a clock change it picks
   * the earlier of two repeated times, and moves a time that does not exist forward by the gap.
   */
  function wallTimeToInstant(wall, zone) {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(wall || '');
    if (!m) return null;
    const asUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] || 0));
    const offsets = new Set([-86_400_000, 0, 86_400_000].map((d) => offsetMinutes(zone, asUtc + d)));
    const matches = [...offsets].map((o) => asUtc - o * 60000).filter((t) => offsetMinutes(zone, t) * 60000 === asUtc - t);
    if (matches.length) return { ms: Math.min(...matches), gap: false };
    // In a spring-forward gap: use the offset from before the change (lands after the gap).
    return { ms: asUtc - offsetMinutes(zone, asUtc - 86_400_000) * 60000, gap: true };
  }

  /** "2026-11-24T15:00:00-05:00": the instant on the zone's clock, with the zone's offset. */
  function isoWithOffset(ms, zone) {
    const p = partsIn(zone, ms);
    return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${offsetString(offsetMinutes(zone, ms))}`;
  }

  /** The value for a datetime-local input: now (or `ms`) on the zone's clock, to the minute. */
  function wallTimeNow(zone, ms = Date.now()) {
    const p = partsIn(zone, ms);
    return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
  }

  function zoneList() {
    let zones = [];
    try {
      zones = Intl.supportedValuesOf('timeZone');
    } catch {
      zones = ['UTC', 'America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'Europe/London'];
    }
    // The server accepts IANA names with a region ("Europe/London") and UTC.
    zones = zones.filter((z) => z === 'UTC' || z.includes('/'));
    if (!zones.includes(browserZone)) zones.push(browserZone);
    return zones;
  }

  function zoneOffsetLabel(zone) {
    const minutes = offsetMinutes(zone, Date.now());
    return minutes === 0 ? 'UTC' : `UTC${offsetString(minutes).replace('-', '−')}`;
  }

  /** Options grouped by region ("America", "Europe", ...), labelled by place and current offset. */
  function fillZoneSelect(select, zones, selected) {
    const groups = new Map();
    for (const zone of zones) {
      const slash = zone.indexOf('/');
      const region = slash < 0 ? 'Universal' : zone.slice(0, slash);
      const place = slash < 0 ? zone : zone.slice(slash + 1).replaceAll('_', ' ').replaceAll('/', ' / ');
      if (!groups.has(region)) groups.set(region, []);
      let offset = '';
      try {
        offset = zoneOffsetLabel(zone);
      } catch {
        // a zone the engine lists but cannot format: leave the offset out
      }
      groups.get(region).push(h('option', { value: zone, title: zone }, `${place} (${offset})`));
    }
    select.replaceChildren(
      ...[...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([region, options]) => h('optgroup', { label: region }, options)),
    );
    select.value = zones.includes(selected) ? selected : browserZone;
  }

  const formatters = new Map();
  function formatter(zone, options) {
    const key = `${zone}|${JSON.stringify(options)}`;
    let f = formatters.get(key);
    if (!f) {
      f = new Intl.DateTimeFormat(undefined, { timeZone: zone, ...options });
      formatters.set(key, f);
    }
    return f;
  }

  /** "Tue, Nov 25, 10:00 AM EST" on the zone's clock; the year only when it is not this year. */
  function formatWhen(iso, zone = browserZone, { withZone = true } = {}) {
    const ms = Date.parse(iso);
    if (!Number.isFinite(ms)) return iso ? String(iso) : '';
    const thisYear = partsIn(zone, Date.now()).year === partsIn(zone, ms).year;
    return formatter(zone, {
      weekday: 'short',
      month: 'short',
      day: 'numeric',
      ...(thisYear ? {} : { year: 'numeric' }),
      hour: 'numeric',
      minute: '2-digit',
      ...(withZone ? { timeZoneName: 'short' } : {}),
    }).format(new Date(ms));
  }

  function formatClock(ms, zone = browserZone) {
    return formatter(zone, { hour: 'numeric', minute: '2-digit', second: '2-digit' }).format(new Date(ms));
  }

  const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  /** "in 18 hours", "5 minutes ago", "tomorrow". */
  function formatRelative(iso) {
    const ms = Date.parse(iso);
    if (!Number.isFinite(ms)) return '';
    const diff = ms - Date.now();
    const abs = Math.abs(diff);
    if (abs < 45_000) return diff >= 0 ? 'in a moment' : 'just now';
    if (abs < 3_600_000) return relative.format(Math.round(diff / 60_000), 'minute');
    if (abs < 36 * 3_600_000) return relative.format(Math.round(diff / 3_600_000), 'hour');
    return relative.format(Math.round(diff / 86_400_000), 'day');
  }

  function timeEl(iso, zone, options) {
    return h('time', { datetime: iso, title: zone ? `${iso} (${zone})` : iso }, formatWhen(iso, zone, options));
  }

  // --- the API ------------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, body, fallback) {
      super((body && typeof body.message === 'string' && body.message) || fallback || `The server answered ${status}.`);
      this.status = status;
      this.body = body || {};
    }
  }

  let signInWaiter = null;

  /** Shows the sign-in prompt (once, however many requests wait) and resolves with the new key. */
  function requireSignIn(message) {
    const dialog = $('signin');
    const alert = $('signin-alert');
    alert.hidden = !message;
    alert.textContent = message || '';
    if (!signInWaiter) {
      let resolve;
      const promise = new Promise((r) => (resolve = r));
      signInWaiter = { promise, resolve };
      $('apiKey').value = '';
      clearFieldError('apiKey');
    }
    if (!dialog.open) dialog.showModal();
    $('apiKey').focus();
    return signInWaiter.promise;
  }

  function onSignIn(event) {
    event.preventDefault();
    const key = $('apiKey').value.trim();
    if (!key) {
      setFieldError('apiKey', ['Enter the API key.']);
      $('apiKey').focus();
      return;
    }
    sessionStorage.setItem(KEY_STORAGE, key);
    $('signin').close();
    $('sign-out').hidden = false;
    const waiter = signInWaiter;
    signInWaiter = null;
    if (waiter) waiter.resolve(key);
  }

  function setConnection(ok, text) {
    const el = $('connection');
    el.className = `connection ${ok ? 'connection-ok' : 'connection-down'}`;
    el.textContent = text ?? (ok ? 'Connected' : 'Server unreachable, retrying');
  }

  async function readBody(res) {
    const text = await res.text();
    if (!text) return null;
    try {
      return JSON.parse(text);
    } catch {
      return { message: text.length < 200 ? text : undefined };
    }
  }

  /** One API call: JSON in, JSON out; 401 → sign in again and retry; other failures → ApiError. */
  async function api(method, path, body) {
    for (let attempt = 0; attempt < 4; attempt++) {
      const key = sessionStorage.getItem(KEY_STORAGE) || (await requireSignIn());
      let res;
      try {
        res = await fetch(path, {
          method,
          cache: 'no-store',
          credentials: 'omit',
          headers: {
            Authorization: `Bearer ${key}`,
            Accept: 'application/json',
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch {
        setConnection(false);
        throw new ApiError(0, null, 'The server cannot be reached. Check the connection; nothing was changed.');
      }
      setConnection(true);
      const data = await readBody(res);
      if (res.status === 401) {
        if (sessionStorage.getItem(KEY_STORAGE) === key) sessionStorage.removeItem(KEY_STORAGE);
        $('sign-out').hidden = true;
        await requireSignIn('That API key was not accepted. Enter the current key.');
        continue;
      }
      if (!res.ok) {
        const fallback =
          res.status === 503
            ? 'The aftercare service is not available right now; nothing was changed. Try again in a minute.'
            : res.status >= 500
              ? 'Something went wrong on the server; nothing was changed. Try again.'
              : undefined;
        throw new ApiError(res.status, data, res.status >= 500 && !(data && data.message) ? fallback : undefined);
      }
      return data;
    }
    throw new ApiError(401, null, 'Not signed in.');
  }

  const enrollmentPath = (id, suffix = '') => `/api/enrollments/${encodeURIComponent(id)}${suffix}`;

  // --- field errors -------------------------------------------------------------------------------

  /** The controls that describe themselves with a field's error (a fieldset: its checkboxes). */
  function controlsOf(id) {
    const el = $(id);
    if (!el) return [];
    return el.tagName === 'FIELDSET' ? [el, ...el.querySelectorAll('input')] : [el];
  }

  function labelOf(id) {
    const el = $(id);
    if (!el) return '';
    const label = el.tagName === 'FIELDSET' ? el.querySelector('legend') : document.querySelector(`label[for="${id}"]`);
    return label ? label.textContent.trim() : '';
  }

  /**
   * The server's messages follow the field's name ("must be in international E.164 form..."):
   * shown as "Mobile phone must be ...", whole sentences just start with a capital.
   */
  function phrase(id, message) {
    const text = String(message).trim();
    const label = labelOf(id);
    if (label && /^(must|is|are|has|have|should|cannot|can't|needs?|was)\b/.test(text)) return `${label} ${text}`;
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function setFieldError(id, messages) {
    const err = $(`${id}-error`);
    if (!err) return false;
    err.replaceChildren(...messages.map((m) => phrase(id, m)).flatMap((m, i) => (i ? [h('br'), m] : [m])));
    err.hidden = false;
    const wrapper = $(id).closest('.field');
    if (wrapper) wrapper.classList.add('has-error');
    for (const control of controlsOf(id)) {
      control.setAttribute('aria-invalid', 'true');
      const ids = (control.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
      if (!ids.includes(err.id)) control.setAttribute('aria-describedby', [...ids, err.id].join(' '));
    }
    return true;
  }

  function clearFieldError(id) {
    const err = $(`${id}-error`);
    if (!err || err.hidden) return;
    err.hidden = true;
    err.textContent = '';
    const wrapper = $(id).closest('.field');
    if (wrapper) wrapper.classList.remove('has-error');
    for (const control of controlsOf(id)) {
      control.removeAttribute('aria-invalid');
      const ids = (control.getAttribute('aria-describedby') || '').split(/\s+/).filter((x) => x && x !== err.id);
      if (ids.length) control.setAttribute('aria-describedby', ids.join(' '));
      else control.removeAttribute('aria-describedby');
    }
  }

  function focusControl(id) {
    const el = $(id);
    if (!el) return;
    const target = el.tagName === 'FIELDSET' ? el.querySelector('input') : el;
    target.focus();
    target.scrollIntoView({ block: 'center', behavior: 'instant' });
  }

  function showAlert(el, ...content) {
    el.replaceChildren(...content.flat().filter((c) => c !== null && c !== undefined));
    el.hidden = false;
  }

  function hideAlert(el) {
    el.hidden = true;
    el.replaceChildren();
  }

  // --- clinics ------------------------------------------------------------------------------------

  const clinics = { list: null, byId: new Map() };

  function clinicControl() {
    return $('clinic');
  }

  function currentClinicId() {
    return (clinicControl().value || '').trim();
  }

  function currentClinicName() {
    const c = clinics.byId.get(currentClinicId());
    return c && c.name ? c.name : '';
  }

  async function loadClinics() {
    const saved = localStorage.getItem(CLINIC_STORAGE) || '';
    let list = null;
    let why = '';
    try {
      const data = await api('GET', '/api/clinics');
      const rows = Array.isArray(data) ? data : data && Array.isArray(data.clinics) ? data.clinics : null;
      if (rows) list = rows.filter((c) => c && typeof c.id === 'string');
      else why = 'The clinic list could not be read.';
    } catch (err) {
      why = err.status === 404 ? '' : 'The clinic list could not be loaded.';
    }
    if (list && list.length) {
      clinics.list = list;
      for (const c of list) clinics.byId.set(c.id, c);
      const select = h(
        'select',
        { id: 'clinic', name: 'clinicId', 'aria-describedby': 'clinic-hint' },
        list.map((c) => h('option', { value: c.id }, c.name ? c.name : c.id)),
      );
      select.value = clinics.byId.has(saved) ? saved : list[0].id;
      $('clinic-slot').replaceChildren(select);
    } else {
      // No clinic list on this server: the clinic's ID, typed once and remembered.
      const input = h('input', {
        id: 'clinic',
        name: 'clinicId',
        type: 'text',
        spellcheck: 'false',
        autocapitalize: 'off',
        placeholder: 'northside',
        maxlength: '40',
        'aria-describedby': 'clinic-hint',
        value: saved,
      });
      $('clinic-slot').replaceChildren(input);
      // Enter here applies the clinic (shows its clients) rather than submitting the enrollment.
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          input.dispatchEvent(new Event('change'));
        }
      });
      $('clinic-hint').textContent = `${why ? `${why} ` : ''}Type the clinic's ID (lowercase letters, digits, dashes), e.g. northside. The client list below shows this clinic's clients.`;
    }
    clinicControl().addEventListener('change', onClinicChange);
    clinicControl().addEventListener('input', () => clearFieldError('clinic'));
    onClinicChange({ initial: true });
  }

  let plannedTouched = false;

  function onClinicChange(opts = {}) {
    const id = currentClinicId();
    if (id) localStorage.setItem(CLINIC_STORAGE, id);
    const clinic = clinics.byId.get(id);
    if (clinic && Number.isInteger(clinic.plannedSessions) && !plannedTouched) $('plannedSessions').value = String(clinic.plannedSessions);
    updateConsentTexts();
    const name = currentClinicName() || id;
    $('clients-title').textContent = name ? `Clients · ${name}` : 'Clients';
    if (!opts.initial) {
      list.rows = [];
      list.signature = '';
      list.loadedFor = '';
      renderList();
      void refreshList();
    }
  }

  // --- consent ------------------------------------------------------------------------------------

  function consentTexts() {
    const who = currentClinicName() || 'the clinic';
    return {
      sms: `I agree to receive aftercare text messages from ${who} at the mobile number above for about a month after this session. Message and data rates may apply. Reply STOP to stop them.`,
      email: `I agree to receive aftercare emails from ${who} at the email address above for about a month after this session. I can ask the clinic to stop them at any time.`,
    };
  }

  function updateConsentTexts() {
    const texts = consentTexts();
    $('consentSms-text').textContent = texts.sms;
    $('consentEmail-text').textContent = texts.email;
  }

  // --- enrollment form ----------------------------------------------------------------------------

  let performedAtTouched = false;

  function setPerformedAtNow() {
    $('performedAt').value = wallTimeNow($('timezone').value || browserZone);
    performedAtTouched = false;
    updatePerformedAtHint();
  }

  function updatePerformedAtHint() {
    const out = $('performedAt-resolved');
    const zone = $('timezone').value;
    const resolved = wallTimeToInstant($('performedAt').value, zone);
    if (!resolved) {
      out.textContent = '';
      return;
    }
    const iso = isoWithOffset(resolved.ms, zone);
    let text = `${formatWhen(iso, zone)} · sent as ${iso}`;
    if (resolved.gap) text += ' (that clock time does not exist there: the clocks change)';
    if (resolved.ms > Date.now() + 10 * 60_000) text += ' · this is in the future';
    out.textContent = text;
  }

  function intOrUndefined(value) {
    const v = String(value).trim();
    if (v === '') return undefined;
    const n = Number(v);
    return Number.isFinite(n) ? n : v;
  }

  /** The POST /api/enrollments body from the form, plus problems only the page can name. */
  function buildEnrollment() {
    const local = [];
    const zone = $('timezone').value;
    let performedAt;
    const wall = $('performedAt').value;
    if (!wall) local.push({ path: 'session.performedAt', message: 'Enter the date and time the session ended.' });
    else {
      const resolved = wallTimeToInstant(wall, zone);
      if (resolved) performedAt = isoWithOffset(resolved.ms, zone);
      else local.push({ path: 'session.performedAt', message: 'Enter a date and time, e.g. today at 15:00.' });
    }
    let phone = $('phone').value.trim();
    // "+1 (555) 010-4477" → "+15550104477"; anything else goes as typed, for the server to judge.
    if (/^\+[\d\s().-]+$/.test(phone)) phone = phone.replace(/[\s().-]/g, '');
    const email = $('email').value.trim();
    const texts = consentTexts();
    const sms = $('consentSms').checked;
    const mail = $('consentEmail').checked;
    const agreed = [sms ? texts.sms : null, mail ? texts.email : null].filter(Boolean);
    const clinicId = currentClinicId();
    const body = {
      clinicId: clinicId || undefined,
      clientRef: $('clientRef').value.trim(),
      client: {
        firstName: $('firstName').value.trim(),
        phone: phone || undefined,
        email: email || undefined,
        timezone: zone,
        consent: {
          sms,
          email: mail,
          ...(agreed.length ? { text: agreed.join('\n'), at: new Date().toISOString() } : {}),
        },
      },
      session: {
        number: intOrUndefined($('sessionNumber').value),
        performedAt,
        plannedSessions: intOrUndefined($('plannedSessions').value),
      },
    };
    return { body, local };
  }

  function fieldForPath(path) {
    const p = String(path || '');
    for (const [prefix, id] of ENROLL_FIELDS) {
      if (p === prefix || p.startsWith(`${prefix}.`)) return id;
    }
    return null;
  }

  function clearEnrollErrors() {
    for (const [, id] of ENROLL_FIELDS) clearFieldError(id);
    hideAlert($('form-alert'));
    $('form-alert').className = 'alert alert-error';
  }

  /** Each issue next to its field (first field focused); the rest in the form's alert. */
  function showIssues(issues) {
    const byField = new Map();
    const general = [];
    for (const issue of issues) {
      const id = fieldForPath(issue.path);
      const message = String(issue.message || 'is not valid');
      if (id && $(id)) {
        if (!byField.has(id)) byField.set(id, []);
        if (!byField.get(id).includes(message)) byField.get(id).push(message);
      } else general.push(issue.path && issue.path !== '(body)' ? `${issue.path}: ${message}` : message);
    }
    for (const [id, messages] of byField) setFieldError(id, messages);
    const count = byField.size;
    const lines = [];
    if (count) lines.push(h('p', {}, count === 1 ? 'One field needs correcting before the client can be enrolled.' : `${count} fields need correcting before the client can be enrolled.`));
    if (general.length) lines.push(h('ul', {}, general.map((g) => h('li', {}, g))));
    showAlert($('form-alert'), lines);
    // The first field in the form's order gets the focus.
    const order = ['clinic', 'clientRef', 'firstName', 'phone', 'email', 'timezone', 'sessionNumber', 'plannedSessions', 'performedAt', 'consent'];
    const first = order.find((id) => byField.has(id));
    if (first) focusControl(first);
    else $('form-alert').scrollIntoView({ block: 'center' });
  }

  async function onEnroll(event) {
    event.preventDefault();
    const button = $('enroll-submit');
    if (button.disabled) return;
    clearEnrollErrors();
    const { body, local } = buildEnrollment();
    button.disabled = true;
    button.textContent = 'Enrolling…';
    try {
      if (local.length) {
        // Only the session time can be wrong here (empty): nothing is sent until it is there.
        showIssues(local);
        return;
      }
      const res = await api('POST', '/api/enrollments', body);
      onEnrolled(res || {}, body);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      // 400: every field's problem; 404 names the unknown clinic the same way.
      if ((err.status === 400 || err.status === 404) && Array.isArray(err.body.issues) && err.body.issues.length) showIssues(err.body.issues);
      else if (err.status === 409) showConflict(body, err.body);
      else if (err.status === 404 && /clinic/i.test(err.message)) {
        setFieldError('clinic', [err.message]);
        focusControl('clinic');
      } else showAlert($('form-alert'), h('p', {}, err.message));
    } finally {
      button.disabled = false;
      button.textContent = 'Enroll client';
    }
  }

  function expectedWorkflowId(body) {
    return `aftercare-${body.clinicId}-${body.clientRef}-s${body.session.number}`;
  }

  function showConflict(body, errBody) {
    const id = (errBody && typeof errBody.workflowId === 'string' && errBody.workflowId) || expectedWorkflowId(body);
    const alert = $('form-alert');
    alert.className = 'alert alert-warning';
    showAlert(
      alert,
      h(
        'p',
        {},
        `Session ${body.session.number} of ${body.clientRef} is already enrolled; nothing new was started. `,
        h('a', { href: `#/client/${encodeURIComponent(id)}`, class: 'alert-link' }, 'Open its timeline'),
      ),
    );
    alert.scrollIntoView({ block: 'center' });
  }

  function onEnrolled(res, body) {
    const workflowId = res.workflowId || expectedWorkflowId(body);
    const plan = Array.isArray(res.plan) ? res.plan : [];
    const zone = body.client.timezone;
    const clinicName = currentClinicName() || body.clinicId;
    const panel = $('enroll-result');
    const rows = plan.map((step) =>
      h(
        'tr',
        {},
        h(
          'td',
          {},
          h('span', { class: 'plan-step' }, stepLabel(step.step)),
          h('span', { class: 'plan-day' }, step.day === undefined ? '' : `Day ${step.day}`, step.to === 'clinic' ? ' · to the clinic' : ''),
        ),
        h('td', { class: 'when' }, timeEl(step.sendAt || step.local, zone, { withZone: false })),
      ),
    );
    panel.replaceChildren(
      h(
        'div',
        { class: 'result-head' },
        checkIcon(),
        h('div', {}, h('h2', { class: 'result-title' }, `${body.clientRef} is enrolled`), h('p', { class: 'muted' }, `Session ${body.session.number} at ${clinicName}. Times below are on the client's clock (${zone}).`)),
      ),
      plan.length
        ? h(
            'table',
            { class: 'plan-table' },
            h('caption', { class: 'visually-hidden' }, `Aftercare plan for ${body.clientRef}`),
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Message'), h('th', { scope: 'col' }, 'Goes out'))),
            h('tbody', {}, rows),
          )
        : h('p', {}, 'The plan will show in the timeline.'),
      h(
        'div',
        { class: 'form-actions' },
        h('a', { class: 'btn btn-secondary', href: `#/client/${encodeURIComponent(workflowId)}` }, 'Open timeline'),
        h('button', { type: 'button', class: 'btn btn-quiet', onclick: () => (panel.hidden = true) }, 'Dismiss'),
      ),
    );
    panel.hidden = false;
    panel.focus({ preventScroll: true });
    const calm = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    panel.scrollIntoView({ block: 'nearest', behavior: calm ? 'instant' : 'smooth' });

    list.pending.set(workflowId, {
      until: Date.now() + PENDING_ROW_MS,
      row: {
        workflowId,
        clinicId: body.clinicId,
        clientRef: body.clientRef,
        sessionNumber: body.session.number,
        phase: 'enrolled',
        nextStepAt: plan[0] ? plan[0].sendAt : null,
        nextStep: plan[0] ? { id: plan[0].step, sendAt: plan[0].sendAt } : null,
        bookingStatus: null,
        deliveryProblem: 'none',
      },
    });
    list.highlight = workflowId;
    resetClientFields();
    renderList();
    void refreshList();
    toast(`${body.clientRef} enrolled. The welcome message goes out within minutes.`);
  }

  function checkIcon() {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('class', 'result-icon');
    svg.setAttribute('aria-hidden', 'true');
    const circle = document.createElementNS(ns, 'circle');
    circle.setAttribute('cx', '12');
    circle.setAttribute('cy', '12');
    circle.setAttribute('r', '11');
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', 'M7 12.5l3.2 3.2L17 9');
    svg.append(circle, path);
    return svg;
  }

  /** After an enrollment: ready for the next client, same clinic, zone and plan length. */
  function resetClientFields() {
    for (const id of ['clientRef', 'firstName', 'phone', 'email']) $(id).value = '';
    $('consentSms').checked = false;
    $('consentEmail').checked = false;
    $('sessionNumber').value = '1';
    setPerformedAtNow();
  }

  function onFormReset(event) {
    event.preventDefault();
    clearEnrollErrors();
    resetClientFields();
    $('timezone').value = browserZone;
    setPerformedAtNow();
    $('clientRef').focus();
  }

  // --- the client list ----------------------------------------------------------------------------

  const list = { rows: [], loading: false, again: false, updatedAt: 0, error: '', signature: '', loadedFor: '', pending: new Map(), highlight: '' };

  async function refreshList() {
    const clinicId = currentClinicId();
    if (!clinicId) {
      list.rows = [];
      renderList();
      return;
    }
    if (list.loading) {
      // One more round once this one is back (the clinic may have changed meanwhile).
      list.again = true;
      return;
    }
    list.loading = true;
    list.again = false;
    $('clients-refresh').classList.add('is-busy');
    $('clients-refresh').setAttribute('aria-busy', 'true');
    try {
      const data = await api('GET', `/api/enrollments?clinicId=${encodeURIComponent(clinicId)}`);
      if (clinicId !== currentClinicId()) return;
      list.rows = Array.isArray(data) ? data : data && Array.isArray(data.enrollments) ? data.enrollments : [];
      list.updatedAt = Date.now();
      list.loadedFor = clinicId;
      list.error = '';
    } catch (err) {
      if (clinicId !== currentClinicId()) return;
      if (err.status === 429) pauseRefresh(err);
      list.error =
        err.status === 404
          ? `There is no clinic "${clinicId}" on this server.`
          : err.status === 400
            ? `"${clinicId}" is not a clinic ID.`
            : err.message;
    } finally {
      list.loading = false;
      $('clients-refresh').classList.remove('is-busy');
      $('clients-refresh').removeAttribute('aria-busy');
      renderList();
      if (list.again) void refreshList();
    }
  }

  function visibleRows() {
    const clinicId = currentClinicId();
    const known = new Set(list.rows.map((r) => r.workflowId));
    const now = Date.now();
    const pending = [];
    for (const [id, p] of list.pending) {
      if (known.has(id) || p.until < now) list.pending.delete(id);
      else if (p.row.clinicId === clinicId) pending.push({ ...p.row, pending: true });
    }
    const needle = $('clients-filter').value.trim().toLowerCase();
    return [...pending, ...list.rows].filter(
      (r) => !needle || String(r.clientRef || '').toLowerCase().includes(needle) || String(r.workflowId || '').toLowerCase().includes(needle),
    );
  }

  function hasProblem(row) {
    return typeof row.deliveryProblem === 'string' && row.deliveryProblem !== '' && row.deliveryProblem !== 'none';
  }

  function renderList() {
    const rows = visibleRows();
    const clinicId = currentClinicId();
    $('clients-updated').textContent = list.updatedAt
      ? `Updated ${formatClock(list.updatedAt)} · refreshes every ${REFRESH_MS / 1000} seconds`
      : list.loading
        ? 'Loading…'
        : '';
    const alert = $('clients-alert');
    if (list.error) showAlert(alert, h('p', {}, list.error));
    else hideAlert(alert);

    const total = list.rows.length;
    const problems = list.rows.filter(hasProblem).length;
    const active = list.rows.filter((r) => !TERMINAL_PHASES.has(r.phase)).length;
    $('clients-sub').textContent = list.loadedFor
      ? `${total} ${total === 1 ? 'session' : 'sessions'} · ${active} in aftercare${problems ? ` · ${problems} with a delivery problem` : ''}`
      : 'Aftercare in progress and finished, newest first.';

    // Re-draw only when something changed: keeps focus and scroll while the list refreshes itself.
    const signature = JSON.stringify([rows, list.highlight, clinicId, list.loadedFor, list.error, $('clients-filter').value, Math.floor(Date.now() / 60_000)]);
    if (signature === list.signature) return;
    list.signature = signature;

    const empty = $('clients-empty');
    const tbody = $('clients-body');
    if (!rows.length) {
      tbody.replaceChildren();
      $('clients-table').hidden = true;
      empty.hidden = false;
      empty.textContent = !clinicId
        ? 'Choose the clinic above to see its clients.'
        : $('clients-filter').value.trim()
          ? 'No client reference matches.'
          : list.loadedFor === clinicId
            ? 'No clients enrolled yet. A client shows here a few seconds after enrollment.'
            : list.error
              ? ''
              : 'Loading clients…';
      return;
    }
    $('clients-table').hidden = false;
    empty.hidden = true;
    tbody.replaceChildren(...rows.map(renderRow));
  }

  function renderRow(row) {
    const problem = hasProblem(row);
    const open = () => {
      location.hash = `#/client/${encodeURIComponent(row.workflowId)}`;
    };
    const phase = row.phase || 'enrolled';
    const phaseTone = TERMINAL_PHASES.has(phase) ? (phase === 'completed' ? 'success' : 'neutral') : 'info';
    const nextId = row.nextStep && row.nextStep.id ? row.nextStep.id : row.nextStepId || null;
    const booking = BOOKING_LABELS[row.bookingStatus];
    const tr = h(
      'tr',
      {
        class: [problem ? 'has-problem' : '', row.pending ? 'is-pending' : '', list.highlight === row.workflowId ? 'is-new' : ''].filter(Boolean).join(' '),
        dataset: { workflowId: row.workflowId },
        onclick: (e) => {
          if (!(e.target instanceof Element) || !e.target.closest('a,button')) open();
        },
      },
      h(
        'td',
        { class: 'cell-client' },
        h(
          'a',
          { class: 'row-link', href: `#/client/${encodeURIComponent(row.workflowId)}`, title: `Open the timeline of ${row.workflowId}` },
          row.clientRef || row.workflowId,
        ),
        row.pending ? [' ', badge('just enrolled', 'info')] : null,
        h('span', { class: 'cell-session' }, row.sessionNumber === null || row.sessionNumber === undefined ? 'Session ?' : `Session ${row.sessionNumber}`),
      ),
      h('td', { class: 'cell-phase', 'data-label': 'Phase' }, badge(stepLabel(phase), phaseTone)),
      h(
        'td',
        { class: 'cell-next', 'data-label': 'Next step' },
        row.nextStepAt
          ? [
              nextId ? h('span', { class: 'next-name' }, stepLabel(nextId)) : null,
              h('span', { class: 'next-when' }, timeEl(row.nextStepAt, browserZone, { withZone: false })),
              h('span', { class: 'next-rel muted' }, formatRelative(row.nextStepAt)),
            ]
          : h('span', { class: 'muted' }, TERMINAL_PHASES.has(phase) ? 'Finished' : '—'),
      ),
      h('td', { class: 'cell-booking', 'data-label': 'Booking' }, booking ? badge(booking.label, booking.tone) : h('span', { class: 'muted' }, row.bookingStatus || '—')),
      h(
        'td',
        { class: 'cell-delivery', 'data-label': 'Delivery' },
        problem
          ? h(
              'div',
              { class: 'problem' },
              h('span', { class: 'badge badge-problem' }, warnIcon(), 'Delivery problem'),
              h('span', { class: 'problem-detail' }, row.deliveryProblem),
            )
          : h('span', { class: 'delivery-ok' }, 'OK'),
      ),
    );
    return tr;
  }

  function warnIcon() {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 20 20');
    svg.setAttribute('class', 'icon icon-warn');
    svg.setAttribute('aria-hidden', 'true');
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', 'M10 3l8 14H2L10 3zm0 5v4m0 2.5v.5');
    svg.append(path);
    return svg;
  }

  // --- one client's timeline ----------------------------------------------------------------------

  const tl = { id: '', data: null, error: '', loading: false, signature: '' };

  function route() {
    const m = /^#\/client\/(.+)$/.exec(location.hash);
    if (m) {
      let id = m[1];
      try {
        id = decodeURIComponent(id);
      } catch {
        // keep it as it is
      }
      openTimeline(id);
    } else if ($('timeline').open) $('timeline').close();
  }

  function openTimeline(id) {
    const dialog = $('timeline');
    if (tl.id !== id) {
      tl.id = id;
      tl.data = null;
      tl.error = '';
      tl.signature = '';
      $('tl-title').textContent = id;
      $('tl-sub').textContent = 'Loading…';
      $('tl-content').replaceChildren(h('p', { class: 'muted loading' }, 'Loading the timeline…'));
      $('tl-booking').hidden = true;
      $('tl-cancel').hidden = true;
      hideAlert($('tl-alert'));
      $('appointmentAt').value = '';
      clearFieldError('appointmentAt');
    }
    if (!dialog.open) dialog.showModal();
    $('tl-title').focus();
    void refreshTimeline();
  }

  function onTimelineClosed() {
    tl.id = '';
    tl.data = null;
    if (/^#\/client\//.test(location.hash)) history.replaceState(null, '', location.pathname + location.search);
  }

  async function refreshTimeline() {
    const id = tl.id;
    if (!id || tl.loading) return;
    tl.loading = true;
    try {
      const status = await api('GET', enrollmentPath(id));
      if (tl.id !== id) return;
      tl.data = status;
      tl.error = '';
    } catch (err) {
      if (tl.id !== id) return;
      if (err.status === 429) pauseRefresh(err);
      tl.error = err.status === 404 ? `There is no aftercare workflow "${id}".` : err.message;
    } finally {
      tl.loading = false;
      if (tl.id === id) renderTimeline();
    }
  }

  function renderTimeline() {
    const s = tl.data;
    if (tl.error) showAlert($('tl-alert'), h('p', {}, tl.error));
    else hideAlert($('tl-alert'));
    if (!s) {
      if (tl.error) $('tl-content').replaceChildren();
      $('tl-sub').textContent = '';
      return;
    }
    const signature = JSON.stringify([s, Math.floor(Date.now() / 60_000)]);
    if (signature === tl.signature) return;
    tl.signature = signature;

    const zone = s.timezone || browserZone;
    const phase = s.phase || 'enrolled';
    const terminal = TERMINAL_PHASES.has(phase);
    const ref = s.clientRef || tl.id;
    $('tl-title').textContent = `${ref} · session ${s.sessionNumber ?? '?'}`;
    const clinic = s.clinicId ? clinics.byId.get(s.clinicId) : null;
    $('tl-sub').textContent = [clinic ? clinic.name : s.clinicId, zone, tl.id].filter(Boolean).join(' · ');

    const channels = s.channels || {};
    const summary = h(
      'dl',
      { class: 'summary' },
      h('div', {}, h('dt', {}, 'Phase'), h('dd', {}, badge(stepLabel(phase), terminal ? (phase === 'completed' ? 'success' : 'neutral') : 'info'))),
      h(
        'div',
        {},
        h('dt', {}, 'Next message'),
        h(
          'dd',
          {},
          s.nextStep
            ? [h('strong', {}, stepLabel(s.nextStep.id)), h('br'), timeEl(s.nextStep.sendAt, zone), h('span', { class: 'muted' }, ` · ${formatRelative(s.nextStep.sendAt)}`)]
            : h('span', { class: 'muted' }, terminal ? 'None: aftercare has ended' : 'None planned'),
        ),
      ),
      h('div', {}, h('dt', {}, "Client's clock"), h('dd', {}, formatter(zone, { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(new Date()), h('span', { class: 'muted' }, ` · ${zone}`))),
      h(
        'div',
        {},
        h('dt', {}, 'Channels'),
        h(
          'dd',
          { class: 'channel-list' },
          ['sms', 'email'].map((c) => {
            const state = CHANNEL_STATE[channels[c]] || { label: channels[c] || 'Unknown', tone: 'neutral' };
            return h('span', { class: `channel channel-${state.tone}`, 'data-channel': c }, h('span', { class: 'channel-name' }, CHANNEL_LABELS[c]), badge(state.label, state.tone));
          }),
        ),
      ),
    );

    const items = timelineItems(s);
    const activeChannels = ['sms', 'email'].filter((c) => channels[c] === 'active');
    const steps = h(
      'ol',
      { class: 'steps' },
      items.map((item) => {
        const stateText = { done: 'Sent', next: 'Next', pending: 'Planned', dropped: 'Not sent' }[item.state];
        return h(
          'li',
          { class: `step step-${item.state}`, dataset: { step: item.id } },
          h('span', { class: 'step-dot', 'aria-hidden': 'true' }),
          h(
            'div',
            { class: 'step-body' },
            h(
              'div',
              { class: 'step-head' },
              h('span', { class: 'step-name' }, stepLabel(item.id)),
              item.day !== null && item.day !== undefined ? h('span', { class: 'step-day' }, `Day ${item.day}`) : null,
              item.to === 'clinic' ? badge('to clinic', 'neutral') : null,
              h('span', { class: `step-state step-state-${item.state}` }, stateText),
            ),
            item.records.length
              ? h(
                  'ul',
                  { class: 'deliveries' },
                  item.records.map((r) =>
                    h(
                      'li',
                      { class: `delivery delivery-${r.status}`, dataset: { channel: r.channel, status: r.status } },
                      h('span', { class: 'delivery-channel' }, CHANNEL_LABELS[r.channel] || r.channel),
                      badge(DELIVERY_LABELS[r.status] || r.status, DELIVERY_TONES[r.status] || 'neutral'),
                      h('span', { class: 'delivery-when muted' }, timeEl(r.at, zone)),
                      r.detail ? h('span', { class: 'delivery-detail' }, r.detail) : null,
                    ),
                  ),
                )
              : h(
                  'p',
                  { class: 'step-when' },
                  item.state === 'dropped'
                    ? `Was planned for ${formatWhen(item.sendAt, zone)}; aftercare ${phase === 'completed' ? 'completed' : phase === 'superseded' ? 'was superseded by a newer session' : 'was cancelled'}.`
                    : [
                        timeEl(item.sendAt, zone),
                        h('span', { class: 'muted' }, ` · ${formatRelative(item.sendAt)}`),
                        h(
                          'span',
                          { class: 'step-channels muted' },
                          ` · by ${item.to === 'clinic' ? 'clinic email' : activeChannels.length ? activeChannels.map((c) => CHANNEL_LABELS[c]).join(' and ') : 'no channel left'}`,
                        ),
                      ],
                ),
          ),
        );
      }),
    );

    $('tl-content').replaceChildren(
      summary,
      h('section', { class: 'tl-section', 'aria-labelledby': 'tl-steps-title' }, h('h3', { id: 'tl-steps-title' }, 'Messages'), items.length ? steps : h('p', { class: 'muted' }, 'No messages planned.')),
    );

    // Booking: status always, the form while aftercare runs.
    const booking = s.booking || { status: 'not-needed', appointmentAt: null };
    const b = BOOKING_LABELS[booking.status] || { label: booking.status, tone: 'neutral' };
    $('tl-booking-status').replaceChildren();
    append($('tl-booking-status'), [
      badge(b.label, b.tone),
      booking.appointmentAt ? [' ', h('span', {}, 'Next session: '), timeEl(booking.appointmentAt, zone)] : null,
      booking.status === 'not-needed' && !booking.appointmentAt ? h('span', { class: 'muted' }, ' · no further session planned') : null,
    ]);
    $('tl-booking').hidden = false;
    $('booking-form').hidden = terminal;
    $('booking-submit').textContent = booking.appointmentAt ? 'Change booking' : 'Record booking';
    if (!$('appointmentZone').dataset.for || $('appointmentZone').dataset.for !== tl.id) {
      $('appointmentZone').value = zone;
      $('appointmentZone').dataset.for = tl.id;
    }
    $('tl-cancel').hidden = terminal;
  }

  /** Plan steps with what was sent for each, plus sends outside the plan, in time order. */
  function timelineItems(s) {
    const sent = Array.isArray(s.sent) ? s.sent : [];
    const plan = Array.isArray(s.plan) ? s.plan : [];
    const byId = new Map();
    for (const r of sent) {
      if (!byId.has(r.id)) byId.set(r.id, []);
      byId.get(r.id).push(r);
    }
    const terminal = TERMINAL_PHASES.has(s.phase);
    const items = [];
    const seen = new Set();
    for (const p of plan) {
      if (seen.has(p.step)) continue;
      seen.add(p.step);
      const records = byId.get(p.step) || [];
      const state = records.length ? 'done' : terminal ? 'dropped' : s.nextStep && s.nextStep.id === p.step ? 'next' : 'pending';
      items.push({ id: p.step, day: p.day, to: p.to, sendAt: p.sendAt, records, state, sortAt: Date.parse(records[0] ? records[0].at : p.sendAt) });
    }
    for (const [id, records] of byId) {
      if (seen.has(id)) continue;
      items.push({ id, day: null, to: records.every((r) => r.channel === 'clinic-email') ? 'clinic' : 'client', sendAt: records[0].at, records, state: 'done', sortAt: Date.parse(records[0].at) });
    }
    if (s.nextStep && !seen.has(s.nextStep.id) && !byId.has(s.nextStep.id)) {
      items.push({ id: s.nextStep.id, day: null, to: 'client', sendAt: s.nextStep.sendAt, records: [], state: 'next', sortAt: Date.parse(s.nextStep.sendAt) });
    }
    return items.sort((a, b) => (a.sortAt || 0) - (b.sortAt || 0));
  }

  // --- booking and cancel -------------------------------------------------------------------------

  function issueMessages(body, fallback) {
    if (body && Array.isArray(body.issues) && body.issues.length) return body.issues.map((i) => String(i.message || i.path));
    return [fallback];
  }

  async function onBooking(event) {
    event.preventDefault();
    const id = tl.id;
    const button = $('booking-submit');
    if (!id || button.disabled) return;
    clearFieldError('appointmentAt');
    const zone = $('appointmentZone').value;
    const resolved = wallTimeToInstant($('appointmentAt').value, zone);
    if (!resolved) {
      setFieldError('appointmentAt', ['Choose the date and time of the next session.']);
      $('appointmentAt').focus();
      return;
    }
    const appointmentAt = isoWithOffset(resolved.ms, zone);
    const label = button.textContent;
    button.disabled = true;
    button.textContent = 'Saving…';
    try {
      const res = await api('POST', enrollmentPath(id, '/booking'), { appointmentAt });
      if (tl.id !== id) return;
      $('appointmentAt').value = '';
      if (res && typeof res === 'object' && res.phase) {
        tl.data = res;
        renderTimeline();
      }
      toast(`Booking recorded: ${formatWhen(appointmentAt, zone)}.`);
      void refreshTimeline();
      void refreshList();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (tl.id !== id) return;
      setFieldError('appointmentAt', issueMessages(err.body, err.message));
      $('appointmentAt').focus();
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
  }

  function openCancel() {
    const s = tl.data;
    if (!tl.id) return;
    $('cancel-what').textContent = `Every remaining aftercare message for ${s && s.clientRef ? s.clientRef : tl.id}${s && s.sessionNumber ? `, session ${s.sessionNumber}` : ''} will be dropped. This cannot be undone; to restart, enroll the session again under a new session number.`;
    $('cancelReason').value = '';
    clearFieldError('cancelReason');
    $('cancel-dialog').showModal();
    $('cancelReason').focus();
  }

  async function onCancelConfirm(event) {
    event.preventDefault();
    const id = tl.id;
    const button = $('cancel-confirm');
    if (!id || button.disabled) return;
    const reason = $('cancelReason').value.trim();
    if (!reason) {
      setFieldError('cancelReason', ['Give a short reason, e.g. "client asked to stop".']);
      $('cancelReason').focus();
      return;
    }
    button.disabled = true;
    button.textContent = 'Cancelling…';
    try {
      await api('POST', enrollmentPath(id, '/cancel'), { reason });
      $('cancel-dialog').close();
      toast('Aftercare cancelled. No further messages will be sent.');
      tl.signature = '';
      await refreshTimeline();
      void refreshList();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setFieldError('cancelReason', issueMessages(err.body, err.message));
    } finally {
      button.disabled = false;
      button.textContent = 'Cancel aftercare';
    }
  }

  // --- refresh loop -------------------------------------------------------------------------------

  let refreshTimer = 0;
  let refreshPausedUntil = 0;

  /** Too many requests with this key (several desks share it): refresh less often for a while. */
  function pauseRefresh(err) {
    const seconds = Number(err.body && err.body.retryAfter) || 30;
    refreshPausedUntil = Date.now() + seconds * 1000;
  }

  function scheduleRefresh() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(async () => {
      if (!document.hidden && !signInWaiter && Date.now() >= refreshPausedUntil) {
        await Promise.allSettled([refreshList(), $('timeline').open ? refreshTimeline() : null]);
      }
      scheduleRefresh();
    }, REFRESH_MS);
  }

  // --- start --------------------------------------------------------------------------------------

  function wire() {
    $('signin-form').addEventListener('submit', onSignIn);
    $('signin').addEventListener('cancel', (e) => {
      // No way around the sign-in: every request needs the key.
      if (!sessionStorage.getItem(KEY_STORAGE)) e.preventDefault();
    });
    $('apiKey').addEventListener('input', () => clearFieldError('apiKey'));
    $('sign-out').addEventListener('click', () => {
      sessionStorage.removeItem(KEY_STORAGE);
      $('sign-out').hidden = true;
      void requireSignIn().then(() => {
        void refreshList();
      });
    });

    $('enroll-form').addEventListener('submit', onEnroll);
    $('enroll-form').addEventListener('reset', onFormReset);
    $('enroll-form').addEventListener('input', (e) => {
      const field = e.target instanceof Element ? e.target.closest('.field') : null;
      const control = field ? field.querySelector('[id$="-error"]') : null;
      if (control) clearFieldError(control.id.replace(/-error$/, ''));
    });
    $('timezone').addEventListener('change', () => {
      if (!performedAtTouched) setPerformedAtNow();
      else updatePerformedAtHint();
    });
    $('performedAt').addEventListener('input', () => {
      performedAtTouched = true;
      updatePerformedAtHint();
    });
    $('performedAt-now').addEventListener('click', setPerformedAtNow);
    $('plannedSessions').addEventListener('input', () => (plannedTouched = true));

    $('clients-refresh').addEventListener('click', () => {
      list.signature = '';
      void refreshList();
    });
    $('clients-filter').addEventListener('input', renderList);

    $('timeline').addEventListener('close', onTimelineClosed);
    $('timeline').addEventListener('click', (e) => {
      // A click on the backdrop (outside the drawer's box) closes it.
      if (e.target === $('timeline')) {
        const r = $('timeline').getBoundingClientRect();
        if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) $('timeline').close();
      }
    });
    $('tl-close').addEventListener('click', () => $('timeline').close());
    $('booking-form').addEventListener('submit', onBooking);
    $('appointmentAt').addEventListener('input', () => clearFieldError('appointmentAt'));
    $('cancel-open').addEventListener('click', openCancel);
    $('cancel-form').addEventListener('submit', onCancelConfirm);
    $('cancel-back').addEventListener('click', () => $('cancel-dialog').close());
    $('cancelReason').addEventListener('input', () => clearFieldError('cancelReason'));

    window.addEventListener('hashchange', route);
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden && sessionStorage.getItem(KEY_STORAGE)) void refreshList();
    });
  }

  function start() {
    const zones = zoneList();
    fillZoneSelect($('timezone'), zones, browserZone);
    fillZoneSelect($('appointmentZone'), zones, browserZone);
    updateConsentTexts();
    setPerformedAtNow();
    wire();
    $('sign-out').hidden = !sessionStorage.getItem(KEY_STORAGE);
    setConnection(true, '');
    renderList();
    void loadClinics().then(() => {
      void refreshList();
      route();
      scheduleRefresh();
    });
  }

  start();
})();
