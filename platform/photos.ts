/**
 * The photos clients text in (issue 16): what platform/database/photo-store.ts keeps and gives
 * back. A picture's address is sealed from the webhook until the photo intake fetches it; the
 * picture is sealed as bytes; the review's note is sealed. What leaves the store here is opened.
 */
import type { PhotoReviewOutcome } from '../domain/photo-media';

export type PhotoState = 'pending' | 'stored' | 'refused';

/** One picture of an MMS as the webhook hands it over: where it is, and what it says it is. */
export interface IncomingMedia {
  url: string;
  contentType: string | null;
}

export interface IncomingPhotos {
  messageSid: string;
  /** The clinic and run of the text the pictures came with (its place in the inbox). */
  clinicId: string;
  workflowId: string | null;
  clientRef: string | null;
  media: IncomingMedia[];
  at: Date;
}

/** A picture waiting to be fetched. */
export interface PendingPhoto {
  clinicId: string;
  url: string;
}

export interface PhotoReview {
  outcome: PhotoReviewOutcome;
  note: string | null;
  at: Date;
  /** An actor id (`person:<id>`, `key:<id>`...). */
  by: string;
}

export interface PhotoRecord {
  id: string;
  clinicId: string;
  workflowId: string | null;
  clientRef: string | null;
  at: Date;
  state: PhotoState;
  refusal: string | null;
  contentType: string | null;
  size: number | null;
  review: PhotoReview | null;
}

export interface PhotoStore {
  /** Keeps the pictures of one MMS to be fetched; a retried webhook adds nothing. Returns how many were new. */
  recordIncoming(p: IncomingPhotos): Promise<number>;
  /** The picture `index` of a message, while it waits to be fetched; undefined once fetched, refused or unknown. */
  pending(messageSid: string, index: number): Promise<PendingPhoto | undefined>;
  /** Keeps the fetched picture (sealed); its id. A second call for the same picture keeps the first. */
  store(messageSid: string, index: number, photo: { contentType: string; bytes: Uint8Array; at: Date }): Promise<string>;
  /** Marks a picture as not kept, and why (no personal data in the reason). */
  refuse(messageSid: string, index: number, reason: string): Promise<void>;
  /** A run's pictures that were kept, oldest first. */
  ofWorkflow(workflowId: string, limit: number): Promise<PhotoRecord[]>;
  get(id: string): Promise<PhotoRecord | undefined>;
  /** A kept picture's bytes, opened. */
  bytesOf(id: string): Promise<{ contentType: string; bytes: Buffer } | undefined>;
  /** Records staff's review (a later one replaces it); the record after. */
  review(id: string, review: PhotoReview): Promise<PhotoRecord | undefined>;
}
