/**
 * The identifiers everyone builds on: phone numbers, clinic ids, the clinic's client references
 * and workflow IDs. One definition of each pattern and limit; the API, the CLI, the workflow's
 * validators, the webhooks and the page's server all import them from here.
 */

/** A phone number in E.164 form: `+`, a country code that does not start with 0, 8 to 15 digits. */
export const E164 = /^\+[1-9]\d{7,14}$/;
export const E164_HINT = 'must be in international E.164 form, for example +12125550147';

export const CLINIC_ID_MAX = 40;
/** A clinic id: lowercase letters, digits and dashes, starting with a letter or digit. */
export const CLINIC_ID = new RegExp(`^[a-z0-9][a-z0-9-]{0,${CLINIC_ID_MAX - 1}}$`);
export const CLINIC_ID_HINT = `must be lowercase letters, digits and dashes (at most ${CLINIC_ID_MAX}), starting with a letter or digit`;

export const CLIENT_REF_MAX = 64;
/** The clinic's own opaque reference for a client; it ends up in workflow IDs, so never personal data. */
export const CLIENT_REF = new RegExp(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,${CLIENT_REF_MAX - 1}}$`);
export const CLIENT_REF_HINT = `must be the clinic's own reference: letters, digits, '.', '_' or '-', at most ${CLIENT_REF_MAX}`;

/** Whether a client reference looks like a phone number (7+ digits and no letter). */
export function looksLikePhoneNumber(ref: string): boolean {
  return ref.replace(/\D/g, '').length >= 7 && !/[A-Za-z]/.test(ref);
}

/** The highest session number an enrolment accepts. */
export const SESSION_NUMBER_MAX = 20;
/** How many sessions a course has when the clinic (or the preview's caller) does not say. */
export const DEFAULT_PLANNED_SESSIONS = 3;
/** The most sessions a plan may have, as the preview and the clinics file accept them; enrolment is stricter. */
export const PLANNED_SESSIONS_MAX = 50;

const WORKFLOW_ID_PREFIX = 'aftercare-';
/**
 * Between the clinic id and the client reference: a character neither of them may contain, so an
 * ID splits one way only. The first scheme put a '-' there, which both may contain: clinic `north`
 * with client `side-C1` and clinic `north-side` with client `C1` shared an ID. '~' also never
 * occurs in an ID of that first scheme, so the two schemes cannot meet, and it needs no escaping
 * in a URL or a shell word.
 */
const CLINIC_CLIENT_SEPARATOR = '~';
const CLINIC_ID_PART = CLINIC_ID.source.slice(1, -1);
const CLIENT_REF_PART = CLIENT_REF.source.slice(1, -1);
const SESSION_PART = '-s[1-9]\\d?';
/** `aftercare-<clinicId>~<clientRef>-s<sessionNumber>`: every enrolment since the separator changed. */
const CURRENT_WORKFLOW_ID = new RegExp(`^${WORKFLOW_ID_PREFIX}${CLINIC_ID_PART}${CLINIC_CLIENT_SEPARATOR}${CLIENT_REF_PART}${SESSION_PART}$`);
/** `aftercare-<clinicId>-<clientRef>-s<sessionNumber>`: runs enrolled before; ambiguous across clinics. */
const LEGACY_WORKFLOW_ID = new RegExp(`^${WORKFLOW_ID_PREFIX}${CLINIC_ID_PART}-${CLIENT_REF_PART}${SESSION_PART}$`);
/** A workflow ID of either scheme, bounded by the parts' own limits: the routes take both. */
export const WORKFLOW_ID = new RegExp(`${CURRENT_WORKFLOW_ID.source}|${LEGACY_WORKFLOW_ID.source}`);
export const WORKFLOW_ID_HINT = `is not an aftercare workflow ID (aftercare-<clinicId>${CLINIC_CLIENT_SEPARATOR}<clientRef>-s<n>)`;
export const WORKFLOW_ID_EXAMPLE = 'aftercare-northside~C1042-s1';

/**
 * `touchup-<clinicId>~<clientRef>`: the one touch-up workflow of a client at a clinic (issue 16),
 * started when a course ends and reused course after course. Like the aftercare IDs: the clinic's
 * opaque reference, never personal data, and a separator neither part may contain.
 */
export function touchUpWorkflowIdFor(clinicId: string, clientRef: string): string {
  return `${TOUCH_UP_PREFIX}${clinicId}${CLINIC_CLIENT_SEPARATOR}${clientRef}`;
}

const TOUCH_UP_PREFIX = 'touchup-';
const TOUCH_UP_WORKFLOW_ID = new RegExp(`^${TOUCH_UP_PREFIX}(${CLINIC_ID_PART})${CLINIC_CLIENT_SEPARATOR}${CLIENT_REF_PART}$`);

/**
 * The clinic an aftercare ID of the current scheme or a touch-up ID names (what a send record is
 * counted under in the clinic's numbers); undefined for an ID of the first scheme or any other.
 */
export function clinicOfSendingWorkflowId(id: string): string | undefined {
  return clinicOfWorkflowId(id) ?? TOUCH_UP_WORKFLOW_ID.exec(id)?.[1];
}

/** The ID a new enrolment gets. */
export function workflowIdFor(clinicId: string, clientRef: string, sessionNumber: number): string {
  return `${WORKFLOW_ID_PREFIX}${clinicId}${CLINIC_CLIENT_SEPARATOR}${clientRef}-s${sessionNumber}`;
}

/**
 * The ID the session would have had under the first scheme. Another clinic's client may own the
 * same ID: before acting on the run it names, confirm its ClinicId and ClientRef search attributes.
 */
export function legacyWorkflowIdFor(clinicId: string, clientRef: string, sessionNumber: number): string {
  return `${WORKFLOW_ID_PREFIX}${clinicId}-${clientRef}-s${sessionNumber}`;
}

/**
 * The clinic id of an ID of the current scheme; undefined for an ID of the first scheme (ask the
 * run's ClinicId search attribute then) or one that is no aftercare workflow ID.
 */
export function clinicOfWorkflowId(id: string): string | undefined {
  if (!CURRENT_WORKFLOW_ID.test(id)) return undefined;
  return id.slice(WORKFLOW_ID_PREFIX.length, id.indexOf(CLINIC_CLIENT_SEPARATOR));
}

export function isWorkflowId(id: string): boolean {
  return WORKFLOW_ID.test(id);
}

/**
 * The ID of session `sessionNumber` of the same client, in the scheme of `id` (an aftercare ID of
 * either scheme); undefined when `id` is not an aftercare workflow ID.
 */
export function siblingWorkflowId(id: string, sessionNumber: number): string | undefined {
  return isWorkflowId(id) ? id.replace(/-s\d+$/, `-s${sessionNumber}`) : undefined;
}

/**
 * The session number at the end of a workflow ID. An ID of the first scheme cannot be split into
 * clinic id and client reference (both may contain dashes): read them from the run's search
 * attributes, never from the ID, when deciding which clinic a workflow belongs to.
 */
export function sessionNumberOf(id: string): number | undefined {
  if (!isWorkflowId(id)) return undefined;
  return Number(/-s(\d+)$/.exec(id)![1]);
}
