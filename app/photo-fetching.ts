/**
 * How the worker's photo intake reaches Twilio's media (activities/photos.ts): with the account
 * the clinic texts through (its own sub-account, its token read from the variable it names, else
 * the platform's TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN), from the Twilio API's host
 * (TWILIO_API_BASE_URL, else api.twilio.com) and Twilio's media CDN. Loopback is allowed only
 * where no real Twilio account is configured (the local stack, whose script serves the picture
 * from a file server on 127.0.0.1) or where the Twilio API itself is on loopback (tests' stand-in).
 */
import type { PhotoIntakeDeps, PhotoIntakePort } from '../activities';
import type { ClinicDirectory } from '../domain/clinic';
import { isLoopbackHost } from '../domain/photo-media';
import type { Config } from '../platform/config';

const TWILIO_API_HOST = 'api.twilio.com';

export type PhotoFetchingConfig = Pick<Config, 'TWILIO_ACCOUNT_SID' | 'TWILIO_AUTH_TOKEN' | 'TWILIO_API_BASE_URL'>;

export function photoFetchingOf(
  config: PhotoFetchingConfig,
  clinics: ClinicDirectory,
  photos: PhotoIntakePort,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Omit<PhotoIntakeDeps, 'clock' | 'log'> {
  const apiHost = config.TWILIO_API_BASE_URL ? new URL(config.TWILIO_API_BASE_URL).hostname : TWILIO_API_HOST;
  const platform = config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN ? { accountSid: config.TWILIO_ACCOUNT_SID, authToken: config.TWILIO_AUTH_TOKEN } : undefined;
  return {
    photos,
    hosts: { apiHost, allowLoopback: !platform || isLoopbackHost(apiHost) },
    async credentialsFor(clinicId) {
      const clinic = await clinics.get(clinicId);
      const variable = clinic?.sms.accountSid ? clinic.sms.authTokenEnv : undefined;
      const token = variable ? env[variable]?.trim() : undefined;
      // A sub-account's media need its own token; without it the platform's is tried (and Twilio answers 401, retried).
      if (clinic?.sms.accountSid && token) return { accountSid: clinic.sms.accountSid, authToken: token };
      return platform;
    },
  };
}
