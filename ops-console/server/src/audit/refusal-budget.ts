/**
 * How many refusals of one signed-in user the audit log keeps per minute. Refusals are worth
 * keeping (a dispatcher trying admin routes is news), but a stolen session replaying them must not
 * grow the log at request rate: past the budget they are only counted, and the count is logged.
 */
export class RefusalBudget {
  readonly #perMinute: number;
  readonly #seen = new Map<string, { minute: number; count: number }>();

  constructor(perMinute: number) {
    this.#perMinute = perMinute;
  }

  /** Whether this refusal of `user` at `nowMs` is recorded; the count over budget when it is not. */
  take(user: string, nowMs: number): { record: true } | { record: false; dropped: number } {
    const minute = Math.floor(nowMs / 60_000);
    let entry = this.#seen.get(user);
    if (!entry || entry.minute !== minute) {
      // A new minute: forget every user's old one, so the map holds at most this minute's refusers.
      for (const [name, e] of this.#seen) if (e.minute !== minute) this.#seen.delete(name);
      entry = { minute, count: 0 };
      this.#seen.set(user, entry);
    }
    entry.count++;
    return entry.count <= this.#perMinute ? { record: true } : { record: false, dropped: entry.count - this.#perMinute };
  }
}
