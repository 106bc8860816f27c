/**
 * How the clinic's numbers (GET /api/clinics/:clinicId/numbers) read on the page: days, rates,
 * durations, counts and the one-line summaries each chart carries for people who cannot see it.
 * Pure functions of the server's answer (no imports, no DOM), so they are tested on their own.
 * The server's days are UTC calendar days ('YYYY-MM-DD'), oldest first.
 */

/** The periods the server offers, in days (the switch shows them in this order). */
export const PERIODS = [30, 90];

const utcDate = (day) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(day));
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
};

/** "3 Dec" (in the reader's language): a day on a chart's axis or in a table. */
export function dayLabel(day, locale) {
  const date = utcDate(day);
  if (!date) return String(day);
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(date);
}

/** "4 Nov – 3 Dec 2026": the period the numbers cover. */
export function periodLabel(from, to, locale) {
  const start = utcDate(from);
  const end = utcDate(to);
  if (!start || !end) return '';
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).formatRange(start, end);
}

/**
 * "15:42" (or "3:42 PM", as the reader writes times, on their clock): when the server counted the
 * clients in each phase. It keeps those counts a few seconds, so they may be older than the page.
 */
export function clockText(iso, locale, timeZone) {
  const ms = Date.parse(String(iso));
  if (!Number.isFinite(ms)) return '';
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', ...(timeZone ? { timeZone } : {}) }).format(new Date(ms));
}

/** A count as the reader writes numbers: "1,204". */
export const countText = (n, locale) => new Intl.NumberFormat(locale).format(Number(n) || 0);

/** "1 text", "3 texts": `words` is [one, many]. */
export const counted = (n, [one, many], locale) => `${countText(n, locale)} ${Number(n) === 1 ? one : many}`;

/** A rate between 0 and 1 as a whole percentage ("42%"); null (nobody asked yet) reads "–". */
export function percentText(rate, locale) {
  if (rate === null || rate === undefined || !Number.isFinite(Number(rate))) return '–';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(Number(rate));
}

/** Minutes as people say them: "under a minute", "45 min", "2 h 5 min", "1 d 3 h"; null reads "–". */
export function durationText(minutes) {
  if (minutes === null || minutes === undefined || !Number.isFinite(Number(minutes))) return '–';
  const total = Math.round(Number(minutes));
  if (total < 1) return 'under a minute';
  if (total < 60) return `${total} min`;
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const mins = total % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  return mins > 0 ? `${hours} h ${mins} min` : `${hours} h`;
}

/** The sum of `pick(row)` over the rows. */
export const total = (rows, pick) => (rows || []).reduce((sum, row) => sum + (Number(pick(row)) || 0), 0);

/** The day with the most of `pick(row)`, the earliest on a tie; null when every day is zero. */
export function busiestDay(rows, pick) {
  let best = null;
  for (const row of rows || []) {
    const value = Number(pick(row)) || 0;
    if (value > 0 && (!best || value > best.value)) best = { day: row.day, value };
  }
  return best;
}

const CHANNELS = ['sms', 'email'];
const sendTotal = (totals) => total(CHANNELS, (c) => (totals && totals[c] ? totals[c].sent + totals[c].delivered + totals[c].failed : 0));

/** A clinic with nothing to show yet: no client, no send, no question asked, no reply, no opt-out. */
export function isEmpty(numbers) {
  if (!numbers) return true;
  // Clients not counted yet: nothing says there are none.
  if (numbers.clients && numbers.clients.counting) return false;
  const clients = total(numbers.clients && numbers.clients.byPhase, (p) => p.count) + (Number(numbers.clients && numbers.clients.running) || 0);
  const sends = sendTotal(numbers.sends && numbers.sends.totals);
  const asked = Number(numbers.booking && numbers.booking.asked) || 0;
  const urgent = Number(numbers.urgent && numbers.urgent.replies) || 0;
  const optOuts = (Number(numbers.optOuts && numbers.optOuts.sms) || 0) + (Number(numbers.optOuts && numbers.optOuts.email) || 0);
  return clients + sends + asked + urgent + optOuts === 0;
}

const period = (days) => `the last ${days} days`;

/** The phases chart in words: how many clients, and where most of them are. */
export function phasesSummary(clients, labelOf, locale) {
  if (clients && clients.counting) return 'Counting the clients in each phase… A clinic with many clients takes a few seconds; this fills in by itself.';
  const rows = (clients && clients.byPhase) || [];
  const running = Number(clients && clients.running) || 0;
  const largest = rows.reduce((best, row) => (row.count > (best ? best.count : 0) ? row : best), null);
  const lead = `${counted(running, ['client', 'clients'], locale)} in aftercare now.`;
  if (!largest) return `${lead} No client is in any phase yet.`;
  return `${lead} The most, ${countText(largest.count, locale)}, are at "${labelOf(largest.phase)}".`;
}

/** One channel's sends in words: "Texts over the last 30 days: 120 sent, 110 delivered, 3 failed. Busiest day: 3 Dec (14 sent)." */
export function sendsSummary(word, byDay, totals, channel, days, locale) {
  const t = (totals && totals[channel]) || { sent: 0, delivered: 0, failed: 0 };
  const lead = `${word} over ${period(days)}: ${countText(t.sent, locale)} sent, ${countText(t.delivered, locale)} delivered, ${countText(t.failed, locale)} failed.`;
  const busiest = busiestDay(byDay, (d) => d[channel] && d[channel].sent);
  return busiest ? `${lead} Busiest day: ${dayLabel(busiest.day, locale)} (${countText(busiest.value, locale)} sent).` : lead;
}

/** Booking conversion in words: "12 of 30 clients asked booked by day 14 (40%)." */
export function bookingSummary(booking, locale) {
  const asked = Number(booking && booking.asked) || 0;
  if (!asked) return 'No client has been asked to book their next session in this period yet.';
  const booked = Number(booking.bookedByDay14) || 0;
  return `${countText(booked, locale)} of ${counted(asked, ['client', 'clients'], locale)} asked booked their next session by day 14 (${percentText(booking.conversion, locale)}).`;
}

/** Urgent replies in words, with the median time until staff handled them. */
export function urgentSummary(urgent, days, locale) {
  const replies = Number(urgent && urgent.replies) || 0;
  if (!replies) return `No urgent text from a client over ${period(days)}.`;
  const handled = Number(urgent.handled) || 0;
  const median = urgent.medianMinutesToHandled;
  const time = median === null || median === undefined ? 'none handled yet' : `handled in ${durationText(median)} (median)`;
  return `${counted(replies, ['urgent text', 'urgent texts'], locale)} over ${period(days)}, ${countText(handled, locale)} handled; ${time}.`;
}

/** Opt-outs in words, by channel. */
export function optOutsSummary(optOuts, days, locale) {
  const sms = Number(optOuts && optOuts.sms) || 0;
  const email = Number(optOuts && optOuts.email) || 0;
  if (sms + email === 0) return `Nobody opted out over ${period(days)}.`;
  return `${counted(sms + email, ['opt-out', 'opt-outs'], locale)} over ${period(days)}: ${countText(sms, locale)} from texts, ${countText(email, locale)} from emails.`;
}

/**
 * The file name the server gave a download (Content-Disposition), kept to plain characters;
 * `fallback` when it gave none.
 */
export function downloadName(disposition, fallback) {
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(String(disposition || ''));
  let name = m ? m[1] : '';
  try {
    name = decodeURIComponent(name);
  } catch {
    // keep it as sent
  }
  name = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '');
  return name || fallback;
}
