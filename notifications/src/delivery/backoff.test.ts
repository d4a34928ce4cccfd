import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff.ts';

describe('retryDelayMs', () => {
  const o = { baseMs: 1000, maxMs: 60_000 };
  it('doubles from the base, between half and all of the schedule', () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, o, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, o, () => 0.999999))).toEqual([1000, 2000, 4000, 8000]);
  });
  it('never waits past the cap, however many attempts', () => {
    expect(retryDelayMs(7, o, () => 0.999999)).toBe(60_000);
    expect(retryDelayMs(500, o, () => 0.5)).toBe(45_000);
  });
});
