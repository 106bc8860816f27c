/** The filled messages of a plan, for `aftercare preview --show-messages`. */
import { workflowIdFor } from '../domain/identifiers';
import { renderClientMessage, renderClinicNotice, type ClientStepId } from '../domain/messages';
import type { PlanInput, PlannedStep } from '../domain/plan-types';
import { healingPhaseOnDay, STEPS } from '../domain/steps';
import type { ClinicProfile } from '../workflows/contract';
import { withClinics } from './context';
import { UsageError } from './kit';

export interface PreviewMessage {
  step: PlannedStep;
  message: unknown;
  text: string;
}

/** The clinic as the database has it now (the first one without --clinic). */
async function pickClinic(clinicId: string | undefined): Promise<ClinicProfile> {
  const clinics = await withClinics((store) => store.list());
  const id = clinicId ?? clinics[0]?.id;
  const clinic = clinics.find((c) => c.id === id);
  if (!clinic) throw new UsageError(`--clinic: unknown clinic "${id ?? ''}" (known: ${clinics.map((c) => c.id).join(', ') || 'none'})`);
  return clinic;
}

const rule = (title: string) => `===== ${title} ${'='.repeat(Math.max(3, 72 - title.length))}`;

/** The example client the preview's clinic notice speaks of. */
const EXAMPLE_CLIENT_REF = 'C1042';

export async function renderPreviewMessages(opts: { plan: PlannedStep[]; input: PlanInput; clinicId: string | undefined; firstName: string }): Promise<PreviewMessage[]> {
  const clinic = await pickClinic(opts.clinicId);
  const { input } = opts;
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
      return { step, message: { clinicEmail: notice }, text: [rule(`${step.step} (email to ${clinic.email})`), `Subject: ${notice.subject}`, '', notice.text].join('\n') };
    }
    const message = renderClientMessage(step.step as ClientStepId, {
      clientFirstName: opts.firstName,
      clinic: { name: clinic.name, phone: clinic.phone, bookingUrl: clinic.bookingUrl },
      sessionNumber: input.sessionNumber,
      plannedSessions: input.plannedSessions,
      timezone: input.timezone,
      currentPhase: healingPhaseOnDay(step.day),
      plan: opts.plan,
      ...(step.step === 'appointment-reminder' && input.booking ? { appointmentAt: input.booking.appointmentAt } : {}),
    });
    return {
      step,
      message,
      text: [rule(`${step.step}: SMS`), message.sms, '', rule(`${step.step}: email`), `Subject: ${message.email.subject}`, '', message.email.text].join('\n'),
    };
  });
}
