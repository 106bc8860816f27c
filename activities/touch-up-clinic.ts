/**
 * The `touchUpClinic` activity: what the touch-up workflow needs of its clinic, read as the clinic
 * is now (the clinic-at-send-time pattern), before each reminder is timed and again when it falls
 * due, so that an edit of the clinic's touch-up interval, send time or window reaches every waiting
 * client. A clinic the directory does not know keeps the run's snapshot and the platform's default
 * interval; a directory that cannot be read is a retryable failure.
 */
import { CLINIC_DEFAULTS, type ClinicDirectory } from '../domain/clinic';
import type { SendWindow } from '../domain/plan-types';
import { clinicAtSendTime } from './clinic-at-send-time';
import { activityLog, type ActivityLog } from './errors';

export interface TouchUpClinicInput {
  workflowId: string;
  clinicId: string;
  /** The run's snapshot of the clinic's timing, for a clinic the directory does not know. */
  snapshot: { sendTime: string; window: SendWindow };
}

export interface TouchUpClinic {
  intervalMonths: number;
  sendTime: string;
  window: SendWindow;
}

export function createTouchUpClinic(deps: { clinics?: ClinicDirectory; log?: ActivityLog }): (input: TouchUpClinicInput) => Promise<TouchUpClinic> {
  return async function touchUpClinic(input: TouchUpClinicInput): Promise<TouchUpClinic> {
    const clinic = await clinicAtSendTime(deps.clinics, input.clinicId, activityLog(deps.log), { workflowId: input.workflowId });
    if (!clinic) return { intervalMonths: CLINIC_DEFAULTS.touchUpIntervalMonths, ...input.snapshot };
    return { intervalMonths: clinic.touchUpIntervalMonths, sendTime: clinic.sendTime, window: { ...clinic.window } };
  };
}
