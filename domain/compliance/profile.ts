/**
 * A client's compliance profile: the region they live in (`GB`, `US`, `US-FL`) and what the rules
 * of ./rules.ts make of the clinic's timing there. Pure, so the workflow, the enrolment and the
 * preview all narrow a window the same way. Without a region nothing changes: runs started before
 * profiles existed keep their clinic's window as it was.
 */
import { getCountries, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { SendWindow } from '../plan-types';
import { formatWindow, minutesOfDay, MIN_SEND_MINUTES } from '../window';
import { COMPLIANCE_RULES, US_STATES, type ComplianceRule, type SolicitationCap } from './rules';

/** ISO 3166-1 alpha-2, or `US-` and a state: the shape alone, ./profile's regionProblem checks the rest. */
export const REGION = /^[A-Z]{2}(-[A-Z]{2})?$/;
export const REGION_HINT = 'must be a country code such as GB or US, or US- and a state such as US-FL';

const COUNTRIES: ReadonlySet<string> = new Set(getCountries());

/** Why `value` is not a region the rules can read, or undefined when it is. */
export function regionProblem(value: string): string | undefined {
  if (!REGION.test(value)) return `${REGION_HINT}, not '${value}'`;
  const [country, state] = value.split('-') as [string, string | undefined];
  if (!COUNTRIES.has(country)) return `${country} is not a country code in use (ISO 3166-1 alpha-2, for example GB or US)`;
  if (state === undefined) return undefined;
  if (country !== 'US') return `only US states are told apart (the law differs by state there): give ${country} alone`;
  return US_STATES.includes(state) ? undefined : `${state} is not a US state code (for example US-FL, US-NY)`;
}

/**
 * The region a phone number's country gives, or undefined when the number names none. A US number
 * says nothing reliable about the state (numbers move with people), so it gives `US`: the federal
 * rules only, until the clinic names the state.
 */
export function regionFromPhone(e164: string): string | undefined {
  const parsed = parsePhoneNumberFromString(e164);
  const country: CountryCode | undefined = parsed?.country ?? parsed?.getPossibleCountries()[0];
  return country;
}

/** The rules that protect a client of `region`: its country's, and its state's when it names one. */
export function rulesFor(region: string | undefined): ComplianceRule[] {
  if (!region) return [];
  const [country, state] = region.split('-');
  return COMPLIANCE_RULES.filter((r) => r.countries.includes(country!) && (!r.states || (state !== undefined && r.states.includes(state))));
}

const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * The clinic's window narrowed by every rule of `region`: the latest start and the earliest end.
 * Never wider than the clinic's own; the clinic's own, unchanged, without a region or a rule. When
 * the clinic's window lies wholly outside the law's hours (enrolment refuses that, see
 * windowConflict), the law's window wins: a message goes within the legal hours or not at all.
 */
export function effectiveWindow(clinicWindow: SendWindow, region: string | undefined): SendWindow {
  const windows = rulesFor(region).flatMap((r) => (r.window ? [r.window] : []));
  if (windows.length === 0) return clinicWindow;
  const law = {
    start: Math.max(...windows.map((w) => minutesOfDay(w.start))),
    end: Math.min(...windows.map((w) => minutesOfDay(w.end))),
  };
  const start = Math.max(minutesOfDay(clinicWindow.start), law.start);
  const end = Math.min(minutesOfDay(clinicWindow.end), law.end);
  if (start >= end) return { start: hhmm(law.start), end: hhmm(law.end) };
  // Kept as the clinic wrote it where the law leaves it alone.
  return {
    start: start === minutesOfDay(clinicWindow.start) ? clinicWindow.start : hhmm(start),
    end: end === minutesOfDay(clinicWindow.end) ? clinicWindow.end : hhmm(end),
  };
}

/**
 * The clinic's send time moved inside a narrowed window: to its opening when the law starts later
 * (07:30 becomes 08:00), and, when the law ends earlier, to MIN_SEND_MINUTES before the end (or the
 * opening, for a window narrower than that). Unchanged when it is inside already.
 */
export function sendTimeWithin(sendTime: string, window: SendWindow): string {
  const [at, start, end] = [minutesOfDay(sendTime), minutesOfDay(window.start), minutesOfDay(window.end)];
  if (at < start) return window.start;
  if (at < end) return sendTime;
  return hhmm(Math.max(start, end - MIN_SEND_MINUTES));
}

/** The clinic's timing for a client of `region`: the narrowed window and a send time inside it. */
export function effectiveTiming(clinic: { sendTime: string; window: SendWindow }, region: string | undefined): { sendTime: string; window: SendWindow } {
  if (!region) return { sendTime: clinic.sendTime, window: clinic.window };
  const window = effectiveWindow(clinic.window, region);
  return { sendTime: sendTimeWithin(clinic.sendTime, window), window };
}

/**
 * Why a clinic cannot message a client of `region` at all (its window and the law's hours do not
 * meet), or undefined when they do.
 */
export function windowConflict(clinicWindow: SendWindow, region: string): string | undefined {
  const narrowed = effectiveWindow(clinicWindow, region);
  const inside = minutesOfDay(narrowed.start) >= minutesOfDay(clinicWindow.start) && minutesOfDay(narrowed.end) <= minutesOfDay(clinicWindow.end);
  return inside ? undefined : `the clinic sends ${formatWindow(clinicWindow)}, wholly outside the hours the law allows in ${region} (${formatWindow(narrowed)})`;
}

/** The strictest cap on solicitations for `region` (fewest per hour), or undefined when no rule caps them. */
export function solicitationCap(region: string | undefined): (SolicitationCap & { rule: ComplianceRule }) | undefined {
  const capped = rulesFor(region).flatMap((rule) => (rule.solicitationCap ? [{ ...rule.solicitationCap, rule }] : []));
  return capped.sort((a, b) => a.max / a.hours - b.max / b.hours)[0];
}
