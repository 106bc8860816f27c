/** Types of numbers-format.js for the TypeScript tests (the page itself loads the .js as it is). */
export const PERIODS: number[];
export function dayLabel(day: string, locale?: string): string;
export function periodLabel(from: string, to: string, locale?: string): string;
export function clockText(iso: string, locale?: string, timeZone?: string): string;
export function countText(n: unknown, locale?: string): string;
export function counted(n: number, words: [string, string], locale?: string): string;
export function percentText(rate: number | null | undefined, locale?: string): string;
export function durationText(minutes: number | null | undefined): string;
export function total<T>(rows: readonly T[] | undefined, pick: (row: T) => unknown): number;
export function busiestDay<T extends { day: string }>(rows: readonly T[] | undefined, pick: (row: T) => unknown): { day: string; value: number } | null;
export function isEmpty(numbers: unknown): boolean;
export function phasesSummary(clients: unknown, labelOf: (phase: string) => string, locale?: string): string;
export function sendsSummary(word: string, byDay: unknown[], totals: unknown, channel: 'sms' | 'email', days: number, locale?: string): string;
export function bookingSummary(booking: unknown, locale?: string): string;
export function urgentSummary(urgent: unknown, days: number, locale?: string): string;
export function optOutsSummary(optOuts: unknown, days: number, locale?: string): string;
export function downloadName(disposition: string | null | undefined, fallback: string): string;
