/**
 * Who sends each clinic's texts: the clinic's own Twilio number or messaging service, through its
 * own sub-account when it has one, else the platform's (TWILIO_FROM / TWILIO_MESSAGING_SERVICE_SID
 * on TWILIO_ACCOUNT_SID); without platform credentials, the local outbox, each text labelled with
 * its clinic. Twilio clients are made once per account and senders once per account and number,
 * so a burst reuses their connections.
 *
 * A sub-account's auth token is read from the environment variable the clinic names
 * (`sms.authTokenEnv`), so it never sits in the database; its value is never logged. A clinic
 * whose variable is unset, or whose sub-account has no number or service of its own, fails its
 * sends with the permanent `SmsSenderMisconfigured`, naming the clinic and the variable. Falling
 * back to the platform's account instead would text clients from a number they do not know, and
 * their replies would go astray; retrying cannot help until the worker restarts with the variable.
 * The workflow keeps the client's SMS channel on (workflows/channels.ts), so the next step goes
 * once the configuration is fixed.
 */
import type { Clinic } from '../../domain/clinic';
import { permanentFailure } from '../errors';
import { PERMANENT_FAILURE } from '../types';
import { createOutboxSmsSender } from './outbox-sms';
import type { SmsSender, SmsSenderFor } from './port';
import { createTwilioClient, createTwilioSender, type TwilioAccount, type TwilioClient } from './twilio-sender';

export interface ClinicSenders {
  /** For runs that pass a rendered body, and clinics the directory does not know. */
  platform: SmsSender;
  smsFor: SmsSenderFor;
}

export interface ClinicTwilioOptions {
  /** The platform's account and default sender. */
  platform: { accountSid: string; authToken: string; from?: string; messagingServiceSid?: string };
  statusCallbackBaseUrl?: string;
  apiBaseUrl?: string;
  timeoutMs?: number;
  /** Where sub-account tokens are read; process.env by default. */
  env?: Readonly<Record<string, string | undefined>>;
}

type Route = { from: string } | { messagingServiceSid: string };

/** The platform's messaging service, else its number (as with one sender for all). */
const platformRoute = (p: ClinicTwilioOptions['platform']): Route =>
  p.messagingServiceSid ? { messagingServiceSid: p.messagingServiceSid } : { from: p.from ?? '' };

/** The account and sender of a clinic's texts; throws SmsSenderMisconfigured. */
export function clinicTwilioRoute(
  clinic: Clinic,
  platform: ClinicTwilioOptions['platform'],
  env: Readonly<Record<string, string | undefined>>,
): { account: { accountSid: string; authToken: string }; sender: Route } {
  const own: Route | undefined = clinic.sms.messagingServiceSid
    ? { messagingServiceSid: clinic.sms.messagingServiceSid }
    : clinic.sms.from
      ? { from: clinic.sms.from }
      : undefined;
  if (!clinic.sms.accountSid) return { account: platform, sender: own ?? platformRoute(platform) };

  const variable = clinic.sms.authTokenEnv;
  const authToken = variable ? env[variable] : undefined;
  if (!authToken) {
    throw permanentFailure(
      PERMANENT_FAILURE.smsSenderMisconfigured,
      `clinic '${clinic.id}' sends through its own Twilio account, but ${variable ? `the environment variable ${variable}` : 'no sms.authTokenEnv'} holds no auth token for it`,
      { clinicId: clinic.id, authTokenEnv: variable ?? null },
    );
  }
  // The platform's number belongs to the platform's account: a sub-account cannot send from it.
  if (!own) {
    throw permanentFailure(
      PERMANENT_FAILURE.smsSenderMisconfigured,
      `clinic '${clinic.id}' sends through its own Twilio account but has no number or messaging service of its own`,
      { clinicId: clinic.id },
    );
  }
  return { account: { accountSid: clinic.sms.accountSid, authToken }, sender: own };
}

export function createClinicTwilioSenders(opts: ClinicTwilioOptions): ClinicSenders {
  const env = opts.env ?? process.env;
  const reach = {
    ...(opts.apiBaseUrl ? { apiBaseUrl: opts.apiBaseUrl } : {}),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
  };
  const clients = new Map<string, TwilioClient>();
  const senders = new Map<string, SmsSender>();

  const clientOf = (account: TwilioAccount): TwilioClient => {
    // Keyed by the token too: a rotated token (new worker environment) gets a client of its own.
    const key = `${account.accountSid}\n${account.authToken}`;
    let client = clients.get(key);
    if (!client) clients.set(key, (client = createTwilioClient({ ...account, ...reach })));
    return client;
  };
  const senderOf = (account: { accountSid: string; authToken: string }, sender: Route): SmsSender => {
    const key = `${account.accountSid}\n${account.authToken}\n${'from' in sender ? sender.from : sender.messagingServiceSid}`;
    let sms = senders.get(key);
    if (!sms) {
      sms = createTwilioSender({
        ...account,
        ...sender,
        ...reach,
        client: clientOf(account),
        ...(opts.statusCallbackBaseUrl ? { statusCallbackBaseUrl: opts.statusCallbackBaseUrl } : {}),
      });
      senders.set(key, sms);
    }
    return sms;
  };

  return {
    platform: senderOf(opts.platform, platformRoute(opts.platform)),
    smsFor(clinic) {
      const { account, sender } = clinicTwilioRoute(clinic, opts.platform, env);
      return senderOf(account, sender);
    },
  };
}

/** Without Twilio credentials: every text to the outbox file, labelled with its clinic. */
export function createClinicOutboxSenders(file: string, clock: { now(): Date } = { now: () => new Date() }): ClinicSenders {
  const senders = new Map<string, SmsSender>();
  return {
    platform: createOutboxSmsSender(file, clock),
    smsFor(clinic) {
      let sms = senders.get(clinic.id);
      if (!sms) senders.set(clinic.id, (sms = createOutboxSmsSender(file, clock, clinic.id)));
      return sms;
    },
  };
}
