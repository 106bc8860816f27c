/** Why an operator cancelled, paused, resumed or resent: free text kept in the run's history. */
import { z } from 'zod';

export const REASON_MAX = 200;

export const reasonSchema = z
  .string({ message: 'must be text' })
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(REASON_MAX, { message: `must be at most ${REASON_MAX} characters` })
  .meta({ description: 'Why, for the run history (kept with the workflow).' });
