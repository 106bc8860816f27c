/**
 * The failure converter named by `failureConverterPath` (see ./aes-gcm-codec.ts `dataConverterFor`).
 *
 * It moves every failure's message and stack trace into `encodedAttributes`, a payload that the
 * payload codec then encrypts; the plain `message` field only says "Encoded failure". A Twilio error
 * quoting the phone number, for example, is thus never stored in clear.
 *
 * This module is bundled into the workflow sandbox too: it imports nothing but @temporalio/common.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
