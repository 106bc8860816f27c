/**
 * Starting a session's aftercare run from a validated enrollment: the workflow input, its plan and
 * the start itself (search attributes, the Temporal UI's summary). `enroll` (app/enroll.ts) is the
 * operation callers use; the fault runner and the bench start runs through here directly.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy, type SearchAttributePair } from '@temporalio/common';
import { isCourseEnd } from '../domain/plan';
import type { PlannedStep } from '../domain/plan-types';
import { STEPS } from '../domain/steps';
import { SEARCH_ATTRIBUTES, planOf, supersedeSignal, TASK_QUEUE, type AftercareInput, type ClinicProfile } from '../workflows/contract';
import { workflowIdFor } from '../domain/identifiers';
import type { aftercareWorkflow } from '../workflows/aftercare';
import type { Enrollment } from './enrollment-schema';
import { clientRegion } from './client-region';
import { clientLanguage, type Language } from '../domain/i18n';
import { AlreadyEnrolledError, InvalidInputError } from './errors';
import { legacySessionsOf, supersedeLegacySessions } from './legacy-sessions';
import { emailHash } from './email-hash';
import { phoneHash } from './phone-hash';
import { endTouchUpsForNewCourse } from './touch-ups';

export interface EnrollmentResult {
  workflowId: string;
  plan: PlannedStep[];
  /** The client's region for the quiet-hours law, as given or defaulted (absent when none is known). */
  region?: string;
  /** The language of the client's messages: their choice, else the clinic's default. */
  locale?: Language;
}

/** The workflow input for a validated enrollment at a known clinic. */
export function toWorkflowInput(
  e: Enrollment,
  clinic: ClinicProfile,
  enrolledAt: Date,
  opts: {
    demoSecondsPerDay?: number;
    phoneHashKey?: string;
    consentRecord?: { text: string; at: string };
    /** The clinic's language for clients who choose none (Clinic.defaultLocale). */
    defaultLocale?: string;
    /** The clinic asks for photos of the healing (Clinic.photoCheckIns): the run plans the photo check-ins. */
    photoCheckIns?: boolean;
  } = {},
): AftercareInput {
  const { demoSecondsPerDay, phoneHashKey } = opts;
  const consentRecord =
    opts.consentRecord ?? (e.client.consent.text ? { text: e.client.consent.text, at: e.client.consent.at ?? enrolledAt.toISOString() } : undefined);
  const plannedSessions = e.session.plannedSessions ?? clinic.plannedSessions;
  if (e.session.number > plannedSessions) {
    throw new InvalidInputError([
      { path: 'session.number', message: `session ${e.session.number} is beyond the clinic's ${plannedSessions} planned sessions` },
    ]);
  }
  const region = clientRegion(e, clinic);
  return {
    clinic,
    clientRef: e.clientRef,
    client: {
      firstName: e.client.firstName,
      ...(e.client.phone ? { phone: e.client.phone } : {}),
      ...(e.client.email ? { email: e.client.email } : {}),
      timezone: e.client.timezone,
      consent: { sms: e.client.consent.sms, email: e.client.consent.email },
      ...(region ? { region } : {}),
      locale: clientLanguage(e.client.locale, opts.defaultLocale),
    },
    session: { number: e.session.number, performedAt: e.session.performedAt, plannedSessions },
    enrolledAt: enrolledAt.toISOString(),
    ...(isCourseEnd({ number: e.session.number, plannedSessions }) ? { courseEnd: true } : {}),
    ...(e.client.phone && phoneHashKey ? { phoneHash: phoneHash(e.client.phone, phoneHashKey) } : {}),
    ...(e.client.email && phoneHashKey ? { emailHash: emailHash(e.client.email, phoneHashKey) } : {}),
    ...(consentRecord ? { consentRecord } : {}),
    ...(demoSecondsPerDay ? { demoSecondsPerDay } : {}),
    ...(opts.photoCheckIns ? { photoCheckIns: true } : {}),
  };
}

export const planFor = (input: AftercareInput): PlannedStep[] => planOf(input);

/** The search attributes a run starts with: what the list and the webhooks find it by before its first upsert. */
export function startSearchAttributes(input: AftercareInput, plan: PlannedStep[] = planFor(input)) {
  const first = plan[0];
  const moreSessions = input.session.number < input.session.plannedSessions;
  return [
    { key: SEARCH_ATTRIBUTES.ClinicId, value: input.clinic.id },
    { key: SEARCH_ATTRIBUTES.ClientRef, value: input.clientRef },
    { key: SEARCH_ATTRIBUTES.SessionNumber, value: input.session.number },
    { key: SEARCH_ATTRIBUTES.AftercarePhase, value: 'welcome' },
    { key: SEARCH_ATTRIBUTES.BookingStatus, value: moreSessions ? 'awaiting' : 'not-needed' },
    // What the run's first publish() would say of a client just enrolled: set here, at no cost,
    // so that runs since `search-attributes-once-per-task` need no upsert before their first step.
    { key: SEARCH_ATTRIBUTES.DeliveryProblem, value: 'none' },
    ...(first ? [{ key: SEARCH_ATTRIBUTES.NextStepAt, value: new Date(first.sendAt) }] : []),
    ...(input.phoneHash ? [{ key: SEARCH_ATTRIBUTES.PhoneHash, value: input.phoneHash }] : []),
    ...(input.emailHash ? [{ key: SEARCH_ATTRIBUTES.EmailHash, value: input.emailHash }] : []),
  ] as SearchAttributePair[];
}

/**
 * Starts the workflow for a validated input; refuses a second start of the same session, under
 * either workflow-ID scheme. Sessions of the client still running under first-scheme IDs are
 * superseded, or supersede this one, as the run does it among its own scheme (legacy-sessions.ts).
 */
export async function startAftercare(client: Client, input: AftercareInput): Promise<EnrollmentResult> {
  const workflowId = workflowIdFor(input.clinic.id, input.clientRef, input.session.number);
  const legacy = await legacySessionsOf(client, input);
  const same = legacy.find((s) => s.sessionNumber === input.session.number);
  if (same) throw new AlreadyEnrolledError(same.workflowId);
  const newer = legacy.filter((s) => s.running && s.sessionNumber > input.session.number).map((s) => s.sessionNumber);
  const plan = planFor(input);
  const options = {
    taskQueue: TASK_QUEUE,
    workflowId,
    args: [input] as [AftercareInput],
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    typedSearchAttributes: startSearchAttributes(input, plan),
    // Shown in the Temporal UI's list and header: references only, never personal data.
    staticSummary: `${input.demoSecondsPerDay ? '[DEMO] ' : ''}Aftercare ${input.clinic.id}/${input.clientRef}, session ${input.session.number} of ${input.session.plannedSessions}`,
    staticDetails: [
      `Plan in ${input.client.timezone}:`,
      ...plan.map((s) => `- ${s.local.slice(0, 16).replace('T', ' ')}  ${STEPS[s.step].label} (to ${s.to})`),
    ].join('\n'),
  };
  try {
    if (newer.length === 0) {
      await client.workflow.start<typeof aftercareWorkflow>('aftercareWorkflow', options);
    } else {
      // A newer session runs under a first-scheme ID, which the run does not look for: it starts
      // already superseded, so it sends nothing. signalWithStart would signal a running run of the
      // same ID instead of refusing it, hence the look first.
      if (await workflowExists(client, workflowId)) throw new AlreadyEnrolledError(workflowId);
      await client.workflow.signalWithStart<typeof aftercareWorkflow, [{ bySessionNumber: number }]>('aftercareWorkflow', {
        ...options,
        signal: supersedeSignal,
        signalArgs: [{ bySessionNumber: Math.max(...newer) }],
      });
    }
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) throw new AlreadyEnrolledError(workflowId);
    throw err;
  }
  await supersedeLegacySessions(client, legacy, input.session.number);
  // The client is in treatment again: touch-up reminders of an earlier course end here (app, not
  // the workflow, so every run recorded before keeps its commands); this course's end starts them anew.
  await endTouchUpsForNewCourse(client, input.clinic.id, input.clientRef, workflowId);
  return { workflowId, plan, ...(input.client.region ? { region: input.client.region } : {}), ...(input.client.locale ? { locale: input.client.locale } : {}) };
}

/** Whether a run of that ID exists (running or closed). */
export async function workflowExists(client: Client, workflowId: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowId).describe();
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}
