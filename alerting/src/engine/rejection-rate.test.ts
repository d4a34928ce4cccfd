import { describe, expect, it } from 'vitest';
import { RejectionRates } from './rejection-rate.ts';

describe('RejectionRates', () => {
  it('counts taps and rejections per reader over a sliding window', () => {
    const r = new RejectionRates(300_000, 30);
    for (let i = 0; i < 10; i++) r.record('R1', i < 4, i * 1000);
    r.record('R2', true, 0);
    expect(r.read('R1', 10_000)).toMatchObject({ id: 'R1', taps: 10, rejected: 4 });
    expect(r.read('R2', 10_000)).toMatchObject({ taps: 1, rejected: 1 });
  });

  it('forgets taps older than the window, and readers left with none', () => {
    const r = new RejectionRates(300_000, 30);
    r.record('R1', true, 0);
    r.record('R1', false, 200_000);
    expect(r.read('R1', 299_999).taps).toBe(2);
    expect(r.read('R1', 300_000).taps).toBe(1);
    r.forgetQuiet(600_000);
    expect(r.readers).toBe(0);
  });

  it('does not let a stale tap wipe a newer bucket sharing its slot', () => {
    const r = new RejectionRates(300_000, 30);
    r.record('R1', false, 300_000);
    r.record('R1', true, 0); // same slot, one window older
    expect(r.read('R1', 300_000)).toMatchObject({ taps: 1, rejected: 0 });
  });
});
