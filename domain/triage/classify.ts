/**
 * Triage of a client's reply. PLACEHOLDER until the classifier lands (issue 15, triage helper):
 * every reply is `other`.
 */
import type { Triage } from './types';

export function classifyReply(_text: string): Triage {
  return { class: 'other', matched: [] };
}
