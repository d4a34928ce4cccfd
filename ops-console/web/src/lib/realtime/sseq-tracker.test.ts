import { describe, expect, it } from 'vitest';
import { SseqTracker } from './sseq-tracker.ts';

describe('SseqTracker', () => {
  it('accepts increasing sequences and drops repeats and older ones', () => {
    const t = new SseqTracker();
    expect([3, 4, 4, 2, 9].map((s) => t.accept(s))).toEqual([true, true, false, false, true]);
    expect(t.last).toBe(9);
  });

  it('drops events without a numeric sseq', () => {
    const t = new SseqTracker();
    expect(t.accept(undefined)).toBe(false);
    expect(t.accept('5')).toBe(false);
    expect(t.accept(Number.NaN)).toBe(false);
  });

  it('sends no lastSseq before any event, then the highest seen', () => {
    const t = new SseqTracker();
    expect(t.handshake()).toEqual({});
    t.accept(12);
    expect(t.handshake()).toEqual({ lastSseq: 12 });
  });

  it('advances to the server latest from replay:done but never goes back', () => {
    const t = new SseqTracker();
    t.accept(10);
    t.advanceTo(40);
    expect(t.last).toBe(40);
    t.advanceTo(20);
    expect(t.last).toBe(40);
    expect(t.accept(40)).toBe(false);
  });
});
