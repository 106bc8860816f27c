/**
 * An urgent reply (a client's text that may describe a complication, domain/triage) in the plan's
 * terms: what the run's records of it are called. The booking prompts it holds are
 * workflows/solicitation-cap.ts's BOOKING_PROMPTS.
 */

/**
 * The id of what the run sends about an urgent reply (the clinic's alerts, the client's answer),
 * in its records and send keys: not a step of the plan, so no step rule (sent, unsent, late)
 * counts it.
 */
export const URGENT_REPLY = 'urgent-reply';

