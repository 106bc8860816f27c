/** The audit log in words: what each action name means, how the change arrived, and its details. */
import { channelLabel } from './labels.js';

const ACTIONS = {
  'enrollment.created': 'Enrolled a client',
  'enrollment.cancelled': 'Cancelled aftercare',
  'enrollment.paused': 'Paused messages',
  'enrollment.resumed': 'Resumed messages',
  'step.resent': 'Resent a message',
  'contact.changed': 'Changed contact details',
  'consent.recorded': 'Recorded a consent',
  'channel.switched': 'Switched a channel',
  'booking.recorded': 'Recorded a booking',
  'booking.cleared': 'Cleared the booking',
  'concern.handled': 'Marked an urgent concern handled',
  'clinic.added': 'Added the clinic',
  'clinic.changed': 'Changed clinic settings',
  'clinic.paused': 'Paused the whole clinic',
  'clinic.resumed': 'Resumed the whole clinic',
  'key.created': 'Created an API key',
  'key.revoked': 'Revoked an API key',
  'person.invited': 'Invited someone',
  'person.changed': "Changed someone's access",
  'person.removed': 'Removed someone',
  'person.signed-in': 'Signed in',
  'person.signed-out': 'Signed out',
  'password.reset': 'Reset a password',
  'photo.reviewed': "Reviewed a client's photo",
  'touch-ups.stopped': 'Stopped touch-up reminders',
  'import.finished': 'Imported clients from a file',
};

export const actionLabel = (action) => ACTIONS[action] || String(action || '');

const VIA = { page: 'Front desk', api: 'API', cli: 'Command line' };
export const viaLabel = (via) => VIA[via] || String(via || '');

const words = (value) => {
  if (Array.isArray(value)) return value.map(words).join(', ');
  if (value === true) return 'on';
  if (value === false) return 'off';
  if (value && typeof value === 'object') return JSON.stringify(value);
  return String(value);
};

/** "SMS off", "fields: phone, timezone", "reason: client asked": short, and never contact details (the server leaves them out). */
export function detailText(action, detail) {
  if (!detail || typeof detail !== 'object') return detail ? String(detail) : '';
  if (action === 'channel.switched' && detail.channel) return `${channelLabel(detail.channel)} ${detail.enabled ? 'on' : 'off'}`;
  return Object.entries(detail)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${k}: ${words(v)}`)
    .join(' · ');
}
