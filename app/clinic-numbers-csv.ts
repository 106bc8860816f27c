/**
 * A clinic's numbers as CSV: one row per UTC day, oldest first, with every daily figure. The
 * figures that are not daily (clients in each phase now, booking conversion, the median time to
 * handled) are in the JSON only. Every cell is a date or a number, so nothing needs quoting.
 */
import type { ClinicNumbers } from './clinic-numbers';

export const NUMBERS_CSV_COLUMNS = [
  'day',
  'sms_sent',
  'sms_delivered',
  'sms_failed',
  'email_sent',
  'email_delivered',
  'email_failed',
  'urgent_replies',
  'urgent_handled',
  'opt_outs_sms',
  'opt_outs_email',
] as const;

export function numbersCsv(numbers: ClinicNumbers): string {
  const lines = numbers.sends.byDay.map((d, i) => {
    const urgent = numbers.urgent.byDay[i]!;
    const optOuts = numbers.optOuts.byDay[i]!;
    return [d.day, d.sms.sent, d.sms.delivered, d.sms.failed, d.email.sent, d.email.delivered, d.email.failed, urgent.replies, urgent.handled, optOuts.sms, optOuts.email].join(',');
  });
  return [NUMBERS_CSV_COLUMNS.join(','), ...lines].join('\r\n') + '\r\n';
}

/** The download's file name: the clinic id (lowercase, digits, dashes) and the period. */
export function numbersCsvFileName(numbers: ClinicNumbers): string {
  return `${numbers.clinicId}-numbers-${numbers.from}-to-${numbers.to}.csv`;
}
