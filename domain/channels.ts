/**
 * The channels a client can be reached by: the one list every layer builds on (the workflow's
 * registry, the contract's types, the API's schemas, the page). Adding a channel starts here.
 */
// The order is the order in which the workflow schedules a step's sends: part of what saved
// histories replay against (docs/versioning.md). Add new channels at the end: a run whose input
// has no consent for one (every run started before it) schedules nothing new.
export const CHANNELS = ['sms', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The client's contact details a channel can send to. */
export type ContactField = 'phone' | 'email';

/** Which contact detail each channel sends to (a second phone channel would share `phone`). */
export const CHANNEL_CONTACT: Record<Channel, ContactField> = { sms: 'phone', email: 'email' };

/** How people read each channel's name: "sent by SMS and email". */
export const CHANNEL_LABEL: Record<Channel, string> = { sms: 'SMS', email: 'email' };

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

/** "SMS active, email none": each channel's state, as staff read it in summaries and refusals. */
export function describeChannels(states: Record<Channel, string>): string {
  return CHANNELS.map((c) => `${CHANNEL_LABEL[c]} ${states[c]}`).join(', ');
}
