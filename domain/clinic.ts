/**
 * A clinic as the application database keeps it (issue "many clinics"): the profile a workflow
 * snapshots at enrolment, plus what only the activities and the front desk need at send time
 * (sender, on-call phone, language, links). The snapshot stays small on purpose: a running
 * workflow reads the rest, and the clinic's current name, phone and booking link, when it sends.
 */
import type { SendWindow } from './plan-types';

/** What a workflow's input carries of its clinic: the timing of the plan and the message facts. */
export interface ClinicProfile {
  id: string;
  name: string;
  phone: string;
  email: string;
  bookingUrl: string;
  sendTime: string;
  window: SendWindow;
  plannedSessions: number;
}

/**
 * Who sends a clinic's texts. `from` or `messagingServiceSid` (neither: the platform's default
 * sender); `accountSid` with `authTokenEnv` selects a Twilio sub-account whose auth token is read
 * from that environment variable, so a secret never sits in the database. `ratePerSecond` is the
 * sender's own limit, which its task queue holds every worker to.
 */
export interface ClinicSmsSender {
  from?: string;
  messagingServiceSid?: string;
  accountSid?: string;
  authTokenEnv?: string;
  ratePerSecond: number;
}

export interface Clinic extends ClinicProfile {
  /** Texted with urgent alerts (a later issue); the clinic's phone when unset. */
  onCallPhone?: string;
  /** BCP 47 language of messages for clients who do not choose one. */
  defaultLocale: string;
  reviewUrl?: string;
  photoCheckIns: boolean;
  touchUpIntervalMonths: number;
  sms: ClinicSmsSender;
  /** `Name <address>` or an address; the platform's EMAIL_FROM when unset. */
  emailFrom?: string;
  replyTo?: string;
  /** A deactivated clinic enrols no one; its running clients carry on. Clinics are never deleted. */
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export const CLINIC_DEFAULTS = {
  defaultLocale: 'en',
  photoCheckIns: false,
  touchUpIntervalMonths: 18,
  smsRatePerSecond: 1,
} as const;

/** Where the activities and the API read clinics from (the database, or memory in tests). */
export interface ClinicDirectory {
  get(clinicId: string): Promise<Clinic | undefined>;
  list(): Promise<Clinic[]>;
}

/** The workflow's snapshot of a clinic. */
export function profileOf(c: ClinicProfile): ClinicProfile {
  return {
    id: c.id,
    name: c.name,
    phone: c.phone,
    email: c.email,
    bookingUrl: c.bookingUrl,
    sendTime: c.sendTime,
    window: { ...c.window },
    plannedSessions: c.plannedSessions,
  };
}
