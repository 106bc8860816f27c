/**
 * The SMS senders of this configuration, for the worker's texts and the API's staff replies alike:
 * Twilio (each clinic's own sender, else the platform's) with credentials, the local outbox without.
 */
import { createClinicOutboxSenders, createClinicTwilioSenders, type ClinicSenders } from '../activities/sms/clinic-senders';
import { dataPaths, twilioSettings, type Config } from '../platform/config';

export function smsSendersOf(config: Config): { senders: ClinicSenders; mode: 'twilio' | 'outbox' } {
  const twilio = twilioSettings(config);
  if (twilio) {
    const { apiBaseUrl, ...platform } = twilio;
    return {
      mode: 'twilio',
      senders: createClinicTwilioSenders({
        platform,
        ...(apiBaseUrl ? { apiBaseUrl } : {}),
        ...(config.PUBLIC_BASE_URL ? { statusCallbackBaseUrl: config.PUBLIC_BASE_URL } : {}),
      }),
    };
  }
  return { mode: 'outbox', senders: createClinicOutboxSenders(dataPaths(config).smsOutboxFile) };
}
