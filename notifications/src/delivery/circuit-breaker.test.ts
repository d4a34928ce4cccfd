import { describe, expect, it } from 'vitest';
import { CircuitBreakers } from './circuit-breaker.ts';

describe('CircuitBreakers', () => {
  it('opens after the threshold of failures in a row, allows one trial after the open time, and closes on success', () => {
    const b = new CircuitBreakers({ failureThreshold: 3, openMs: 30_000 });
    for (let i = 0; i < 2; i++) b.failed(7, 1000);
    expect(b.holdUntil(7, 1000)).toBeNull();
    b.failed(7, 1000);
    expect(b.holdUntil(7, 5000)).toBe(31_000);
    expect(b.holdUntil(8, 5000)).toBeNull();
    expect(b.openCount()).toBe(1);
    // The open time passed: one trial goes, the others wait for its outcome.
    expect(b.holdUntil(7, 31_000)).toBeNull();
    expect(b.holdUntil(7, 31_001)).toBe(61_001);
    b.succeeded(7);
    expect(b.holdUntil(7, 31_002)).toBeNull();
    expect(b.openCount()).toBe(0);
  });
  it('reopens at once when the trial fails, and a success resets the count', () => {
    const b = new CircuitBreakers({ failureThreshold: 2, openMs: 10_000 });
    b.failed(1, 0);
    b.succeeded(1);
    b.failed(1, 0);
    expect(b.holdUntil(1, 0)).toBeNull();
    b.failed(1, 0);
    expect(b.holdUntil(1, 10_000)).toBeNull();
    b.failed(1, 10_000);
    expect(b.holdUntil(1, 10_001)).toBe(20_000);
  });
});
