/**
 * What triage makes of a client's reply (after the STOP, START and HELP keywords, which are not
 * triaged): the class and the words of the reply that decided it.
 */
export const TRIAGE_CLASSES = ['urgent', 'booking', 'question', 'other'] as const;
export type TriageClass = (typeof TRIAGE_CLASSES)[number];

export interface Triage {
  class: TriageClass;
  /** The words or phrases of the reply that decided the class, as the client wrote them. */
  matched: string[];
}
