import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { KpiTicker } from './kpi-ticker.ts';

const log = pino({ level: 'silent' });

describe('KpiTicker', () => {
  let emitted: number[];
  let computing: number;
  let watchers: number;
  let release: (() => void) | null;
  /** Each computation returns how many have started; `slow` holds it until `release()`. */
  const ticker = (slow = false) =>
    new KpiTicker({
      compute: () =>
        new Promise<number>((resolve) => {
          const n = ++computing;
          if (slow) release = () => resolve(n);
          else resolve(n);
        }),
      emit: (n) => emitted.push(n),
      active: () => watchers > 0,
      log,
      everyMs: 5_000,
      soonMs: 250,
    });

  beforeEach(() => {
    vi.useFakeTimers();
    emitted = [];
    computing = 0;
    watchers = 1;
    release = null;
  });
  afterEach(() => vi.useRealTimers());

  it('ticks on its pace, and soon after a change instead of up to a period later', async () => {
    const t = ticker();
    t.start();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(emitted).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1_000);
    t.soon();
    await vi.advanceTimersByTimeAsync(249);
    expect(emitted).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    expect(emitted).toEqual([1, 2]);
    t.stop();
  });

  it('coalesces a burst of changes into one tick', async () => {
    const t = ticker();
    t.start();
    for (let i = 0; i < 50; i++) t.soon();
    await vi.advanceTimersByTimeAsync(300);
    expect(emitted).toEqual([1]);
    t.stop();
  });

  it('runs one computation at a time, and serves a request made meanwhile once it ends', async () => {
    const t = ticker(true);
    t.start();
    t.soon();
    await vi.advanceTimersByTimeAsync(250);
    expect(computing).toBe(1);
    t.soon();
    await vi.advanceTimersByTimeAsync(250);
    expect(computing).toBe(1); // still waiting for the first
    release!();
    await vi.advanceTimersByTimeAsync(0);
    expect(emitted).toEqual([1]);
    expect(computing).toBe(2);
    release!();
    await vi.advanceTimersByTimeAsync(0);
    expect(emitted).toEqual([1, 2]);
    t.stop();
  });

  it('queries nothing while nobody watches, and nothing after stop', async () => {
    const t = ticker();
    watchers = 0;
    t.start();
    t.soon();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(computing).toBe(0);
    watchers = 1;
    t.stop();
    t.soon();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(computing).toBe(0);
  });
});
