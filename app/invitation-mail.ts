/**
 * The invitation email: who invited the person, to which clinic and as what, the link that lets
 * them choose a password, and until when it works. Plain text: it must read well in any client.
 */
import type { ClinicRole } from '../domain/roles';

export interface InvitationMailInput {
  name: string;
  /** Who invited them, as said mid-sentence: a colleague's name, or "the platform's administrator". */
  inviter: string;
  clinicName: string;
  role: ClinicRole;
  link: string;
  expiresAt: Date;
}

const ROLE_WORDS: Record<ClinicRole, string> = {
  owner: "an owner: you will manage the clinic's staff, its API keys and its settings, and look after its clients",
  staff: "a member of staff: you will enrol clients after their sessions and look after their aftercare",
};

/** "Wednesday 9 December 2026 at 23:40 UTC": one zone for everyone, said as such. */
function whenInUtc(at: Date): string {
  return `${new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: 'UTC' }).format(at)} UTC`;
}

/** The first letter up, for an inviter that starts a sentence ("the platform's administrator"). */
const capitalised = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export function invitationMail(m: InvitationMailInput): { subject: string; text: string } {
  return {
    subject: `${capitalised(m.inviter)} invited you to ${m.clinicName}'s aftercare front desk`,
    text: [
      `Hello ${m.name},`,
      '',
      `${capitalised(m.inviter)} has invited you to ${m.clinicName}'s aftercare front desk, as ${ROLE_WORDS[m.role]}.`,
      '',
      'To accept, open this link and choose your password:',
      '',
      m.link,
      '',
      `The link works once, until ${whenInUtc(m.expiresAt)}. If it has run out, ask ${m.inviter} for a new invitation.`,
      '',
      'Not expecting this? Then you can ignore this email: nothing happens unless the link is used.',
      '',
    ].join('\n'),
  };
}
