/**
 * Remembers what a webhook answered, by a key (Twilio's `I-Twilio-Idempotency-Token`, or a signed
 * MessageSid), so a retried delivery is answered the same way without doing anything twice.
 *
 * In memory, bounded (least recently used entries go first) and with a time to live: enough for
 * Twilio's retries, which come within minutes. It lives in one process: a delivery replayed to
 * another API process, or after a restart, is caught by its MessageSid in the database
 * (webhook_deliveries, see api/webhooks/twilio.ts), which is the lasting memory.
 *
 * A delivery still being handled is shared: a retry arriving meanwhile waits for the first one's
 * answer. A failed handling (an exception) is forgotten at once, so Twilio's retry does the work.
 */
export interface CachedAnswer {
  statusCode: number;
  contentType: string;
  body: string;
}

interface Entry {
  expiresAt: number;
  answer: Promise<CachedAnswer>;
}

export class IdempotencyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly ttlMs = 24 * 60 * 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /**
   * The answer for `key`: the remembered one (`replayed: true`), or `handle()`'s, remembered when
   * it succeeds with a status below 500.
   */
  async run(key: string, handle: () => Promise<CachedAnswer>): Promise<{ answer: CachedAnswer; replayed: boolean }> {
    const now = this.clock();
    const existing = this.entries.get(key);
    if (existing && existing.expiresAt > now) {
      // Most recently used goes to the end of the Map's order.
      this.entries.delete(key);
      this.entries.set(key, existing);
      return { answer: await existing.answer, replayed: true };
    }
    if (existing) this.entries.delete(key);

    const answer = handle();
    const entry: Entry = { expiresAt: now + this.ttlMs, answer };
    this.entries.set(key, entry);
    this.evict(now);
    try {
      const result = await answer;
      if (result.statusCode >= 500 && this.entries.get(key) === entry) this.entries.delete(key);
      return { answer: result, replayed: false };
    } catch (err) {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw err;
    }
  }

  private evict(now: number): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && entry.expiresAt > now) break;
      this.entries.delete(key);
    }
  }
}
