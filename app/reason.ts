/** Why an operator cancelled, paused, resumed or resent: free text kept in the run's history. */
import { z } from 'zod';
import type { Caller, Via } from './caller';

export const REASON_MAX = 200;

export const reasonSchema = z
  .string({ message: 'must be text' })
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(REASON_MAX, { message: `must be at most ${REASON_MAX} characters` })
  .meta({ description: 'Why, for the run history (kept with the workflow).' });

const VIA_WORDS: Record<Via, string> = { page: 'from the front desk', api: 'through the API', cli: 'at the command line' };

/** The reason kept when none is given: what was done and how it arrived ("paused from the front desk"). */
export const defaultReason = (done: string, caller: Pick<Caller, 'via'>): string => `${done} ${VIA_WORDS[caller.via]}`;
