/**
 * The highest server sequence (`sseq`, the event-log id) applied. Events at or below it are repeats — a replay
 * overlapping what arrived live — and are dropped, so every event is applied once.
 */
export class SseqTracker {
  #last = 0;

  get last(): number {
    return this.#last;
  }

  /** True if the event is new and should be applied; records it as the latest. */
  accept(sseq: unknown): boolean {
    if (typeof sseq !== 'number' || !Number.isFinite(sseq) || sseq <= this.#last) return false;
    this.#last = sseq;
    return true;
  }

  /** `replay:done` reports the server's latest; gaps below it hold nothing for this client. */
  advanceTo(sseq: unknown): void {
    if (typeof sseq === 'number' && Number.isFinite(sseq) && sseq > this.#last) this.#last = sseq;
  }

  /** Handshake `auth`: no `lastSseq` before the first event, so the server does not replay history. */
  handshake(): { lastSseq?: number } {
    return this.#last > 0 ? { lastSseq: this.#last } : {};
  }
}
