/** A run's status as `aftercare status` and `book` print it: phase, next step, booking, channels, what was sent. */
import { DateTime } from 'luxon';
import { LANGUAGE_NAMES } from '../domain/i18n';
import { STEPS } from '../domain/steps';
import type { AftercareStatus } from '../workflows/contract';
import { table } from './kit';

const local = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toFormat('ccc LLL d yyyy, HH:mm ZZZZ');

/** How the next step will go out, from the channels' state. */
function nextChannels(s: AftercareStatus): string {
  if (s.nextStep && STEPS[s.nextStep.id].to === 'clinic') return 'to the clinic by email';
  const active = [s.channels.sms === 'active' ? 'SMS' : '', s.channels.email === 'active' ? 'email' : ''].filter(Boolean);
  return active.length === 2 ? 'by SMS and email' : active.length === 1 ? `by ${active[0]} only` : 'no channel left to reach the client';
}

export function formatStatus(workflowId: string, s: AftercareStatus): string {
  const lines = [
    `${workflowId}`,
    `  phase:    ${s.phase}   (session ${s.sessionNumber}, client zone ${s.timezone})`,
    `  next:     ${s.nextStep ? `${STEPS[s.nextStep.id].label} (${s.nextStep.id}) on ${local(s.nextStep.sendAt, s.timezone)}, ${nextChannels(s)}` : 'nothing left to send'}`,
    `  booking:  ${s.booking.status}${s.booking.appointmentAt ? ` for ${local(s.booking.appointmentAt, s.timezone)}` : ''}`,
    `  channels: SMS ${s.channels.sms}, email ${s.channels.email}`,
  ];
  if (s.locale) lines.push(`  language: ${LANGUAGE_NAMES[s.locale]} (${s.locale})`);
  if (s.concern) lines.push(`  CONCERN:  urgent reply since ${local(s.concern.openedAt, s.timezone)} (${s.concern.matched.join(', ') || 'urgent'}); booking prompts held until \`aftercare handled ${workflowId}\``);
  if (s.sent.length) {
    lines.push('', table(['step', 'channel', 'at', 'status', 'detail'], s.sent.map((r) => [r.id, r.channel, local(r.at, s.timezone), r.status, r.detail ?? ''])));
  }
  return lines.join('\n');
}
