/**
 * The filled-in values every message uses (the client's first name, the clinic's details, the
 * session numbers), cleaned once so that a line break or control character typed into a name
 * cannot break a message's layout.
 */
import type { MessageContext } from './context';

/** Control characters and runs of whitespace (line breaks in a name, say) become one space. */
export function clean(value: string | undefined): string {
  return (value ?? '').replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').replace(/\s+/g, ' ').trim();
}

export interface Values {
  name: string; // may be empty
  clinic: string;
  phone: string;
  url: string;
  n: number;
  next: number;
  planned: number;
}

export function valuesOf(ctx: MessageContext): Values {
  return {
    name: clean(ctx.clientFirstName),
    clinic: clean(ctx.clinic.name),
    phone: clean(ctx.clinic.phone),
    url: clean(ctx.clinic.bookingUrl),
    n: ctx.sessionNumber,
    next: ctx.sessionNumber + 1,
    planned: ctx.plannedSessions,
  };
}
