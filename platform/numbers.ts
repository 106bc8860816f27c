/**
 * What the clinic's numbers and the operators' metrics read from the application database
 * (issue 17), and the one thing they record: Twilio's word on a text it took. The SQL is in
 * platform/database/numbers-store.ts, metric-totals-store.ts and text-deliveries-store.ts; every
 * figure is aggregated in the database, by indexes on clinic and time (migration 0009).
 */

/** A final delivery status Twilio reports in a status callback. */
export type TextDeliveryStatus = 'delivered' | 'undelivered' | 'failed';
export const TEXT_DELIVERY_STATUSES: readonly TextDeliveryStatus[] = ['delivered', 'undelivered', 'failed'];

/** One status callback of a text: ids and a status only (the callback's URL and form). */
export interface TextDeliveryReport {
  /** Twilio's MessageSid: the send record's provider_id. */
  providerId: string;
  clinicId: string | null;
  workflowId: string;
  step: string;
  status: TextDeliveryStatus;
  errorCode?: string;
  at: Date;
}

export interface TextDeliveryLog {
  /** Keeps the newest report of each text (a replay of the same one changes nothing). */
  record(report: TextDeliveryReport): Promise<void>;
}

/** A half-open period of whole UTC days: `from` is a midnight, `to` the midnight after the last day. */
export interface Period {
  from: Date;
  to: Date;
}

/** The client channels the numbers count (the clinic's own notices are not client messages). */
export type NumbersChannel = 'sms' | 'email';

/** Rows of a clinic's period, each day as `YYYY-MM-DD` (UTC); days with nothing are left out. */
export interface ClinicNumbersRows {
  sends: { day: string; channel: NumbersChannel; outcome: 'sent' | 'failed'; count: number }[];
  deliveries: { day: string; status: TextDeliveryStatus; count: number }[];
  booking: { asked: number; bookedByDay14: number };
  urgent: { byDay: { day: string; replies: number; handled: number }[]; medianMinutesToHandled: number | null };
  optOuts: { day: string; channel: NumbersChannel; count: number }[];
}

export interface ClinicNumbersStore {
  read(clinicId: string, period: Period): Promise<ClinicNumbersRows>;
}

/** Everything so far, by clinic: what `/metrics` serves (counters only grow; rows are never deleted). */
export interface MetricTotals {
  sends: { clinic: string; channel: string; outcome: 'sent' | 'failed'; count: number }[];
  deliveries: { clinic: string; status: TextDeliveryStatus; count: number }[];
  urgentReplies: { clinic: string; count: number }[];
  optOuts: { clinic: string; channel: NumbersChannel; count: number }[];
  imports: {
    id: string;
    /** Null: an operator's file that may span clinics. */
    clinic: string | null;
    state: string;
    total: number;
    enrolled: number;
    alreadyEnrolled: number;
    refused: number;
    failed: number;
  }[];
}

export interface MetricTotalsStore {
  read(): Promise<MetricTotals>;
}
