/**
 * A plan preview before enrolling (`POST /api/preview`): the steps a session at a clinic would get,
 * at their times in the client's zone, with what each says. Nothing is started or stored; the same
 * plan and messages the CLI's `preview --show-messages` prints (domain/plan.ts, preview-messages.ts).
 */
import { z } from 'zod';
import type { ClinicDirectory } from '../domain/clinic';
import { effectiveTiming } from '../domain/compliance/profile';
import { clientLanguage, type Language } from '../domain/i18n';
import { buildPlan, isCourseEnd } from '../domain/plan';
import type { PlanInput, PlannedStep, SendWindow } from '../domain/plan-types';
import { STEPS } from '../domain/steps';
import { getClinicOf } from './clinics';
import { enrollmentSchema } from './enrollment-schema';
import { clientRegion } from './client-region';
import { InvalidInputError } from './errors';
import { EXAMPLE_FIRST_NAME, previewMessages, type PreviewMessage } from './preview-messages';
import { fieldIssuesOf } from './zod-issues';

const { clinicId, client, session } = enrollmentSchema.shape;

/** What a preview needs: the enrollment's own fields for the clinic, the client's zone and the session. */
export const previewSchema = z.strictObject(
  {
    clinicId,
    client: z.strictObject(
      {
        timezone: client.shape.timezone,
        firstName: client.shape.firstName.meta({ description: `The name the messages greet; default ${EXAMPLE_FIRST_NAME}.` }).optional(),
        // As at enrolment: the region narrows the window; without one, the phone's country gives it.
        region: client.shape.region,
        // As at enrolment: the client's language, else the clinic's.
        locale: client.shape.locale,
        phone: client.shape.phone.meta({ description: "E.164; only its country is used, as the region's default." }),
      },
      { message: 'is required: { "timezone": "<IANA zone>" }' },
    ),
    session,
  },
  { message: 'must be a JSON object: { "clinicId", "client": { "timezone" }, "session": { "number", "performedAt", "plannedSessions"? } }' },
);

export interface PreviewStep extends PlannedStep {
  label: string;
  message: PreviewMessage;
}

export interface Preview {
  clinicId: string;
  timezone: string;
  sessionNumber: number;
  plannedSessions: number;
  /** The send time and window the plan uses: the clinic's, narrowed to the law's hours in `region`. */
  sendTime: string;
  window: SendWindow;
  /** The client's region for the quiet-hours law (given, or from the phone's or the clinic's country); null when none is known. */
  region: string | null;
  /** The language of the client's messages: client.locale's, else the clinic's defaultLocale. */
  locale: Language;
  /** The clinic's own window, shown when the law narrowed it. */
  clinicWindow?: SendWindow;
  steps: PreviewStep[];
}

/** The plan of a session as if enrolled `now` (or at the session, if that is later); UnknownClinicError, InvalidInputError. */
export async function previewPlan(req: { clinics: ClinicDirectory; body: unknown; now: Date }): Promise<Preview> {
  const parsed = previewSchema.safeParse(req.body);
  if (!parsed.success) throw new InvalidInputError(fieldIssuesOf(parsed.error));
  const { clinicId, client, session } = parsed.data;
  const clinic = await getClinicOf(req.clinics, clinicId);
  const plannedSessions = session.plannedSessions ?? clinic.plannedSessions;
  if (session.number > plannedSessions) {
    throw new InvalidInputError([{ path: 'session.number', message: `session ${session.number} is beyond the clinic's ${plannedSessions} planned sessions` }]);
  }
  const region = clientRegion({ client }, clinic);
  const timing = effectiveTiming(clinic, region);
  const narrowed = timing.window.start !== clinic.window.start || timing.window.end !== clinic.window.end;
  const enrolledAt = new Date(Math.max(req.now.getTime(), Date.parse(session.performedAt))).toISOString();
  const input: PlanInput = {
    sessionAt: session.performedAt,
    timezone: client.timezone,
    sessionNumber: session.number,
    plannedSessions,
    ...timing,
    enrolledAt,
    courseEnd: isCourseEnd({ number: session.number, plannedSessions }),
    // As the enrolment will: the clinic's photo check-ins are in the plan.
    ...(clinic.photoCheckIns ? { photoCheckIns: true } : {}),
  };
  const plan = buildPlan(input);
  const locale = clientLanguage(client.locale, clinic.defaultLocale);
  const messages = previewMessages({ plan, input, clinic, firstName: client.firstName ?? EXAMPLE_FIRST_NAME, region, locale });
  return {
    clinicId,
    timezone: client.timezone,
    sessionNumber: session.number,
    plannedSessions,
    ...timing,
    region: region ?? null,
    locale,
    ...(narrowed ? { clinicWindow: clinic.window } : {}),
    steps: plan.map((step, i) => ({ ...step, label: STEPS[step.step].label, message: messages[i]! })),
  };
}
