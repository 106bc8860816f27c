/**
 * An urgent reply (a client's text that may describe a complication, domain/triage) in the plan's
 * terms: what the run's records of it are called, and which steps wait while staff look into it.
 */
import type { StepId } from './steps';

/**
 * The id of what the run sends about an urgent reply (the clinic's alerts, the client's answer),
 * in its records and send keys: not a step of the plan, so no step rule (sent, unsent, late)
 * counts it.
 */
export const URGENT_REPLY = 'urgent-reply';

/**
 * The booking prompts: they ask a client who may have a complication to book, so they wait while
 * a concern is open. Care-rule messages go on as planned.
 */
export const HELD_WHILE_CONCERN: ReadonlySet<StepId> = new Set(['book-next', 'book-nudge']);
