/**
 * The `sendSms` activity: one SMS per workflow + step, ever, through the dedupe store.
 *
 * 1. Record 'sent' -> nothing is sent; `{ alreadySent: true, providerId }`.
 * 2. Record 'pending' (an earlier attempt got as far as calling the provider, then crashed, timed
 *    out or failed without a definite answer), or no record on a retry (the earlier attempt may
 *    have run on another machine) -> ask the provider (`sms.findSent`: Twilio lists the
 *    messages to that number since the day of the first attempt and matches the body; the outbox
 *    looks up the idempotency key). Found -> record 'sent', `alreadySent: true`, nothing sent.
 * 3. Otherwise write 'pending' (keeping the first attempt's `startedAt`), send, write 'sent'.
 *
 * A `message` input (runs since `clinic-read-at-send-time`) is rendered after step 1 with the
 * clinic read then, and goes from that clinic's sender (`smsFor`); a `body` input goes as it is
 * from the platform's sender (`sms`).
 */
import type { ClinicDirectory } from '../../domain/clinic';
import { clinicAtSendTime, renderAtSendTime, renderTouchUpAtSendTime } from '../clinic-at-send-time';
import { activityLog, asFailure, heartbeat, retryOf, type ActivityLog } from '../errors';
import { notePermanentFailure, readRecord, sendKey, writeRecord } from '../send-records';
import { TRANSIENT_FAILURE, type Clock, type SendRecordEntry, type SendRecordStore, type SendRef, type SendResult } from '../types';
import type { SendSmsInput, SmsSender, SmsSenderFor } from './port';

export interface SendSmsDeps {
  /** The platform's sender: for runs that pass a rendered body, and clinics the directory lacks. */
  sms: SmsSender;
  /** A known clinic's sender; the platform's when unset. */
  smsFor?: SmsSenderFor;
  clinics?: ClinicDirectory;
  records: SendRecordStore;
  clock: Clock;
  log?: ActivityLog;
}

export function createSendSms(deps: SendSmsDeps): (input: SendSmsInput) => Promise<SendResult> {
  const { records, clock } = deps;

  /** The text and who sends it: as given, or rendered for the clinic as it is now. */
  async function resolve(input: SendSmsInput, log: ActivityLog, ids: Record<string, unknown>): Promise<{ body: string; sms: SmsSender }> {
    if ('body' in input) return { body: input.body, sms: deps.sms };
    const clinicId = 'touchUp' in input ? input.touchUp.clinicId : input.message.clinicId;
    const clinic = await clinicAtSendTime(deps.clinics, clinicId, log, ids);
    const body = 'touchUp' in input ? renderTouchUpAtSendTime(input.touchUp, clinic).sms : renderAtSendTime(input.step, input.message, clinic).sms;
    if (!clinic || !deps.smsFor) return { body, sms: deps.sms };
    try {
      return { body, sms: deps.smsFor(clinic) };
    } catch (err) {
      log.warn('SMS not sent: the clinic sender is misconfigured', { ...ids, clinicId: clinic.id });
      throw err;
    }
  }

  return async function sendSms(input: SendSmsInput): Promise<SendResult> {
    const log = activityLog(deps.log);
    const key = sendKey(input, 'sms');
    const ids = { workflowId: input.workflowId, step: input.step, channel: 'sms' };

    const existing = await readRecord(records, key);
    const done = sentBefore(existing, log, ids);
    if (done) return done;
    const { body, sms } = await resolve(input, log, ids);
    return textOnce({ records, clock, log }, { key, ids, existing, sms, msg: { to: input.to, body, idempotencyKey: key }, ref: { workflowId: input.workflowId, step: input.step, channel: 'sms' } });
  };
}

/** The result of a text whose record says it went already; undefined when it has not. */
export function sentBefore(existing: SendRecordEntry | undefined, log: ActivityLog, ids: Record<string, unknown>): SendResult | undefined {
  if (existing?.state !== 'sent') return undefined;
  log.info('SMS already sent: skipped', { ...ids, providerId: existing.providerId });
  return { providerId: existing.providerId ?? '', alreadySent: true, at: existing.sentAt ?? existing.startedAt };
}

/** One text of a send key, once: `existing` is its record as read before rendering the text. */
export async function textOnce(
  deps: { records: SendRecordStore; clock: Clock; log: ActivityLog },
  send: { key: string; ids: Record<string, unknown>; existing: SendRecordEntry | undefined; sms: SmsSender; msg: { to: string; body: string; idempotencyKey: string }; ref?: SendRef },
): Promise<SendResult> {
  const { records, clock, log } = deps;
  const { key, ids, existing, sms, msg } = send;

  // An interrupted attempt here (record 'pending'), or a retry whose earlier attempt may have run
  // on another worker with records of its own: ask the provider before sending again.
  const retry = existing ? undefined : retryOf();
  const lookupSince = existing?.state === 'pending' ? new Date(existing.startedAt) : retry?.since;
  if (lookupSince && sms.findSent) {
    heartbeat('reconciling');
    let found: { providerId: string } | undefined;
    try {
      found = await sms.findSent({ ...msg, since: lookupSince });
    } catch (err) {
      const failure = asFailure(err, TRANSIENT_FAILURE.smsProviderError, 'SMS provider lookup failed');
      log.warn('SMS lookup after an interrupted attempt failed', { ...ids, type: failure.type });
      throw failure;
    }
    if (found) {
      const sentAt = clock.now().toISOString();
      await writeRecord(records, key, { state: 'sent', providerId: found.providerId, startedAt: lookupSince.toISOString(), sentAt });
      log.info('SMS found at the provider after an interrupted attempt: not sent again', { ...ids, providerId: found.providerId });
      return { providerId: found.providerId, alreadySent: true, at: sentAt };
    }
    log.info('SMS not found at the provider after an interrupted attempt: sending', ids);
  }

  const startedAt = existing?.startedAt ?? clock.now().toISOString();
  await writeRecord(records, key, { state: 'pending', startedAt });
  heartbeat('sending');
  let providerId: string;
  try {
    ({ providerId } = await sms.send({ ...msg, ...(send.ref ? { ref: send.ref } : {}) }));
  } catch (err) {
    const failure = asFailure(err, TRANSIENT_FAILURE.smsProviderError, 'SMS provider failed');
    log.warn('SMS not sent', { ...ids, type: failure.type, retryable: !failure.nonRetryable });
    await notePermanentFailure(deps, key, startedAt, failure, ids);
    throw failure;
  }
  const sentAt = clock.now().toISOString();
  await writeRecord(records, key, { state: 'sent', providerId, startedAt, sentAt });
  log.info('SMS sent', { ...ids, providerId });
  return { providerId, alreadySent: false, at: sentAt };
}