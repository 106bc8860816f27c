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
 */
import { activityLog, asFailure, heartbeat, retryOf, type ActivityLog } from '../errors';
import { readRecord, sendKey, writeRecord } from '../send-records';
import { TRANSIENT_FAILURE, type Clock, type SendRecordStore, type SendResult } from '../types';
import type { SendSmsInput, SmsSender } from './port';

export interface SendSmsDeps {
  sms: SmsSender;
  records: SendRecordStore;
  clock: Clock;
  log?: ActivityLog;
}

export function createSendSms(deps: SendSmsDeps): (input: SendSmsInput) => Promise<SendResult> {
  const { sms, records, clock } = deps;

  return async function sendSms(input: SendSmsInput): Promise<SendResult> {
    const log = activityLog(deps.log);
    const key = sendKey(input, 'sms');
    const ids = { workflowId: input.workflowId, step: input.step, channel: 'sms' };
    const msg = { to: input.to, body: input.body, idempotencyKey: key };

    const existing = await readRecord(records, key);
    if (existing?.state === 'sent') {
      log.info('SMS already sent: skipped', { ...ids, providerId: existing.providerId });
      return { providerId: existing.providerId ?? '', alreadySent: true, at: existing.sentAt ?? existing.startedAt };
    }

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
      ({ providerId } = await sms.send({ ...msg, ref: { workflowId: input.workflowId, step: input.step, channel: 'sms' } }));
    } catch (err) {
      const failure = asFailure(err, TRANSIENT_FAILURE.smsProviderError, 'SMS provider failed');
      log.warn('SMS not sent', { ...ids, type: failure.type, retryable: !failure.nonRetryable });
      throw failure;
    }
    const sentAt = clock.now().toISOString();
    await writeRecord(records, key, { state: 'sent', providerId, startedAt, sentAt });
    log.info('SMS sent', { ...ids, providerId });
    return { providerId, alreadySent: false, at: sentAt };
  };
}
