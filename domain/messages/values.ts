/**
 * The filled-in values every message uses (the client's first name, the clinic's details, the
 * session numbers), cleaned once so that a line break or control character typed into a name
 * cannot break a message's layout.
 */
import { readablePhone } from '../phone';
import type { MessageContext } from './context';

/** Control characters and runs of whitespace (line breaks in a name, say) become one space. */
export function clean(value: string | undefined): string {
  return (value ?? '').replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Who a message is from and to: what every message needs, whether or not it belongs to a plan. */
export interface ContactValues {
  name: string; // may be empty
  clinic: string;
  /** The clinic's phone as the client dials it (domain/phone.ts). */
  phone: string;
  url: string; // may be empty
}

export interface Values extends ContactValues {
  n: number;
  next: number;
  planned: number;
}

/** The part of a context the contact values come from; a whole MessageContext is one. */
export interface ContactContext {
  clientFirstName?: string;
  clinic: { name: string; phone: string; bookingUrl?: string };
  clientRegion?: string;
}

export function contactValuesOf(ctx: ContactContext): ContactValues {
  return {
    name: clean(ctx.clientFirstName),
    clinic: clean(ctx.clinic.name),
    phone: readablePhone(clean(ctx.clinic.phone), ctx.clientRegion),
    url: clean(ctx.clinic.bookingUrl),
  };
}

export function valuesOf(ctx: MessageContext): Values {
  return {
    ...contactValuesOf(ctx),
    n: ctx.sessionNumber,
    next: ctx.sessionNumber + 1,
    planned: ctx.plannedSessions,
  };
}
