/**
 * The filled messages of a plan, as a clinic previews them before enrolling (`aftercare preview
 * --show-messages`, `POST /api/preview`): the client's texts and emails, and the clinic's own notice.
 */
import type { Language } from '../domain/i18n';
import { workflowIdFor } from '../domain/identifiers';
import { renderClientMessage, renderClinicNotice, type ClientMessage, type ClientStepId } from '../domain/messages';
import type { PlanInput, PlannedStep } from '../domain/plan-types';
import { healingPhaseOnDay, STEPS } from '../domain/steps';
import type { ClinicProfile } from '../workflows/contract';

/** What one step says: the client's text and email, or the clinic's email for a clinic step. */
export type PreviewMessage = ClientMessage | { clinicEmail: { subject: string; text: string } };

/** The example client the preview's clinic notice speaks of. */
const EXAMPLE_CLIENT_REF = 'C1042';

/** The name the messages greet when none is given (`--first-name`, `client.firstName`). */
export const EXAMPLE_FIRST_NAME = 'Alex';

export function previewMessages(opts: {
  plan: PlannedStep[];
  input: PlanInput;
  clinic: ClinicProfile;
  firstName: string;
  region?: string | null;
  /** The client's language; the clinic's notice stays in English (the front desk's). */
  locale?: Language;
}): PreviewMessage[] {
  const { input, clinic } = opts;
  return opts.plan.map((step) => {
    if (STEPS[step.step].to === 'clinic') {
      const notice = renderClinicNotice('clinic-follow-up', {
        clinicName: clinic.name,
        clientRef: EXAMPLE_CLIENT_REF,
        clientFirstName: opts.firstName,
        workflowId: workflowIdFor(clinic.id, EXAMPLE_CLIENT_REF, input.sessionNumber),
        sessionNumber: input.sessionNumber,
        timezone: input.timezone,
      });
      return { clinicEmail: notice };
    }
    return renderClientMessage(step.step as ClientStepId, {
      clientFirstName: opts.firstName,
      clinic: { name: clinic.name, phone: clinic.phone, bookingUrl: clinic.bookingUrl },
      sessionNumber: input.sessionNumber,
      plannedSessions: input.plannedSessions,
      timezone: input.timezone,
      currentPhase: healingPhaseOnDay(step.day),
      plan: opts.plan,
      ...(opts.region ? { clientRegion: opts.region } : {}),
      ...(opts.locale ? { locale: opts.locale } : {}),
      ...(step.step === 'appointment-reminder' && input.booking ? { appointmentAt: input.booking.appointmentAt } : {}),
    });
  });
}
