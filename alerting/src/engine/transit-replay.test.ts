import { describe, expect, it } from 'vitest';
import { ReplayWindow, type Tap } from './transit-replay.ts';

const tap = (token: string, deviceId: string, at: number, result: Tap['result'] = 'accepted'): Tap => ({ token, deviceId, at, result });

describe('ReplayWindow', () => {
  it('reports the second acceptance inside the window, at the same reader or another', () => {
    const w = new ReplayWindow(60_000, 100);
    expect(w.record(tap('t1', 'R1', 0))).toBeNull();
    expect(w.record(tap('t1', 'R2', 60_000))).toMatchObject({ token: 't1', first: { deviceId: 'R1', at: 0 }, second: { deviceId: 'R2', at: 60_000 } });
    expect(w.record(tap('t2', 'R1', 0))).toBeNull();
    expect(w.record(tap('t2', 'R1', 1000))).toMatchObject({ first: { deviceId: 'R1' }, second: { deviceId: 'R1' } });
  });

  it('never counts rejected taps, nor an acceptance after the window', () => {
    const w = new ReplayWindow(60_000, 100);
    expect(w.record(tap('t1', 'R1', 0, 'rejected'))).toBeNull();
    expect(w.record(tap('t1', 'R1', 5000))).toBeNull();
    expect(w.record(tap('t1', 'R2', 6000, 'rejected'))).toBeNull();
    expect(w.record(tap('t3', 'R1', 0))).toBeNull();
    expect(w.record(tap('t3', 'R2', 60_001))).toBeNull();
  });

  it('keeps memory bounded by the window and by maxTokens', () => {
    const w = new ReplayWindow(60_000, 1000);
    for (let i = 0; i < 10_000; i++) w.record(tap(`t${i}`, 'R1', i * 100));
    expect(w.size).toBeLessThanOrEqual(601);
    const capped = new ReplayWindow(60_000, 50);
    for (let i = 0; i < 200; i++) capped.record(tap(`t${i}`, 'R1', i));
    expect(capped.size).toBe(50);
    expect(capped.evicted).toBe(150);
  });

  it('ignores taps it cannot read', () => {
    const w = new ReplayWindow(60_000, 10);
    expect(w.record({ ...tap('t1', 'R1', Number.NaN) })).toBeNull();
    expect(w.record({ token: undefined, deviceId: 'R1', at: 0, result: 'accepted' } as unknown as Tap)).toBeNull();
    expect(w.size).toBe(0);
  });
});
