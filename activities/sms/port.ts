/** What the `sendSms` activity takes, and the port its providers (Twilio, the outbox) implement. */
import type { Clinic } from '../../domain/clinic';
import type { ClientMessageRequest, SendKey, SendRef, TouchUpMessageRequest, TouchUpSendKey } from '../types';

/**
 * Runs started before the `clinic-read-at-send-time` patch pass the rendered `body`; later runs pass
 * the `message` to render with the clinic read at send time, and send with that clinic's sender.
 */
export type SendSmsInput =
  | (SendKey & { to: string } & ({ body: string } | { message: ClientMessageRequest }))
  /** A touch-up reminder (workflows/touch-up.ts), rendered with the clinic read when it goes. */
  | (TouchUpSendKey & { to: string; touchUp: TouchUpMessageRequest });

/** Provider port for SMS: Twilio, or the local outbox when there are no credentials. */
export interface SmsSender {
  /**
   * `idempotencyKey` is stable across retries of one send. `ref` names the send (workflow id and
   * step, no personal data) so a provider can tag it, e.g. in Twilio's status callback URL.
   */
  send(msg: { to: string; body: string; idempotencyKey: string; ref?: SendRef }): Promise<{ providerId: string }>;
  /**
   * After a crash between the provider accepting and us recording it, finds the earlier message
   * by the key, if the provider can tell; undefined when it cannot.
   */
  findSent?(msg: { to: string; body: string; idempotencyKey: string; since: Date }): Promise<{ providerId: string } | undefined>;
}

/**
 * The sender of one clinic's texts (its own number, messaging service or sub-account, else the
 * platform's). May throw the permanent `SmsSenderMisconfigured` failure (sms/clinic-senders.ts).
 */
export type SmsSenderFor = (clinic: Clinic) => SmsSender;
