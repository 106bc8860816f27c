/** The filled messages of a plan as `aftercare preview --show-messages` prints them. */
import { EXAMPLE_FIRST_NAME, previewMessages, type PreviewMessage } from '../app/preview-messages';
import type { PlanInput, PlannedStep } from '../domain/plan-types';
import type { Clinic } from '../domain/clinic';
import { clientLanguage } from '../domain/i18n';
import { withClinics } from './context';
import { UsageError } from './kit';

export interface PrintedMessage {
  step: PlannedStep;
  message: PreviewMessage;
  text: string;
}

/** The clinic as the database has it now (the first one without --clinic). */
async function pickClinic(clinicId: string | undefined): Promise<Clinic> {
  const clinics = await withClinics((store) => store.list());
  const id = clinicId ?? clinics[0]?.id;
  const clinic = clinics.find((c) => c.id === id);
  if (!clinic) throw new UsageError(`--clinic: unknown clinic "${id ?? ''}" (known: ${clinics.map((c) => c.id).join(', ') || 'none'})`);
  return clinic;
}

const rule = (title: string) => `===== ${title} ${'='.repeat(Math.max(3, 72 - title.length))}`;

export async function renderPreviewMessages(opts: {
  plan: PlannedStep[];
  input: PlanInput;
  clinicId: string | undefined;
  firstName: string | undefined;
  region?: string | undefined;
  /** `--locale`: the client's language; the clinic's defaultLocale without it, as at enrolment. */
  locale?: string | undefined;
}): Promise<PrintedMessage[]> {
  const clinic = await pickClinic(opts.clinicId);
  const locale = clientLanguage(opts.locale, clinic.defaultLocale);
  const messages = previewMessages({ plan: opts.plan, input: opts.input, clinic, firstName: opts.firstName ?? EXAMPLE_FIRST_NAME, region: opts.region ?? null, locale });
  return opts.plan.map((step, i) => {
    const message = messages[i]!;
    if ('clinicEmail' in message) {
      const notice = message.clinicEmail;
      return { step, message, text: [rule(`${step.step} (email to ${clinic.email})`), `Subject: ${notice.subject}`, '', notice.text].join('\n') };
    }
    return {
      step,
      message,
      text: [rule(`${step.step}: SMS`), message.sms, '', rule(`${step.step}: email`), `Subject: ${message.email.subject}`, '', message.email.text].join('\n'),
    };
  });
}
