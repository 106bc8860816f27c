/**
 * The texts of the clinics' inbox (issue 15): every text a client sends, and every reply staff
 * send back. platform/database/inbox-store.ts keeps them, the number and the words sealed; what
 * comes out of the store here is opened again, for the app to show to whoever may see it.
 */
import type { Triage, TriageClass } from '../domain/triage/types';

export type InboxKeyword = 'stop' | 'start' | 'help' | 'book';
export type SendStatus = 'pending' | 'sent' | 'failed';

export interface InboxTextRecord {
  id: string;
  at: Date;
  direction: 'in' | 'out';
  clinicId: string | null;
  workflowId: string | null;
  clientRef: string | null;
  phone: string;
  text: string;
  /** The triage of a client's text (null for keywords and staff replies). */
  triage: Triage | null;
  keyword: InboxKeyword | null;
  readAt: Date | null;
  readBy: string | null;
  /** A staff reply's sender (an actor id such as `person:<id>`). */
  sentBy: string | null;
  sendStatus: SendStatus | null;
}

/** Where a text belongs: its clinic (null when none can be told), its run and the client's reference. */
export interface TextPlace {
  clinicId: string | null;
  workflowId: string | null;
  clientRef: string | null;
}

export interface InboundText extends TextPlace {
  messageSid: string;
  phone: string;
  text: string;
  triage: Triage | null;
  keyword: InboxKeyword | null;
  at: Date;
}

export interface StaffReply extends TextPlace {
  replyKey: string;
  phone: string;
  text: string;
  sentBy: string;
  at: Date;
}

export interface InboxQuery {
  /** One clinic's texts; undefined: every clinic's and those of none (administrators). */
  clinicId?: string;
  unread?: boolean;
  triageClass?: TriageClass;
  limit: number;
  /** Only texts older than this id (paging). */
  before?: string;
}

export interface InboxStore {
  /** Stores a client's text once per MessageSid; `created` is false when it was there already (then the first one is returned). */
  recordInbound(text: InboundText): Promise<{ record: InboxTextRecord; created: boolean }>;
  /** Newest first. */
  list(query: InboxQuery): Promise<InboxTextRecord[]>;
  /** Unread client texts, all and urgent, of one clinic (or of every clinic and none). */
  unreadCounts(clinicId: string | undefined): Promise<{ total: number; urgent: number }>;
  /** A run's texts both ways, oldest first. */
  ofWorkflow(workflowId: string, limit: number): Promise<InboxTextRecord[]>;
  get(id: string): Promise<InboxTextRecord | undefined>;
  /** Marks the text read, with every earlier unread text of the same number at the same clinic. */
  markRead(id: string, by: string, at: Date): Promise<void>;
  /**
   * Stores a staff reply as 'pending' once per `replyKey`; `created` is false when a reply with
   * that key is there already (a retried request), which is then returned.
   */
  beginReply(reply: StaffReply): Promise<{ record: InboxTextRecord; created: boolean }>;
  /** Takes over a reply left 'pending' before `staleBefore` (its request died mid-send); false if someone else has it. */
  takeOverReply(id: string, staleBefore: Date, at: Date): Promise<boolean>;
  finishReply(id: string, status: Exclude<SendStatus, 'pending'>, providerId?: string): Promise<InboxTextRecord>;
  /** Claims the sending of a text's urgent alert: true once per text (until released). */
  claimAlert(id: string): Promise<boolean>;
  /** The alert went (`sent`), or did not and may be tried again (released). */
  finishAlert(id: string, sent: boolean): Promise<void>;
}
