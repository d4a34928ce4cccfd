import { describe, expect, it } from 'vitest';
import { watchHeartbeats, type LastSeen } from './heartbeat-watch.ts';
import { DEFAULT_RULES } from './default-rules.ts';
import type { Rule } from './rule.ts';

const camRule = DEFAULT_RULES.find((r) => r.id === 'camera-silent') as Rule<'heartbeat'>;
const cam = (id: string, lastSeenAt: number | null, area = 'A001'): LastSeen => ({ id, kind: 'camera', area, lastSeenAt });

describe('watchHeartbeats', () => {
  it('lists devices past their expected interval with their deadline (interval + grace)', () => {
    const w = watchHeartbeats(camRule, [cam('C1', 0), cam('C2', 20_000), cam('C3', null), { id: 'FA-1', kind: 'fire', area: null, lastSeenAt: 0 }], 40_000);
    expect(w.silent.map((s) => [s.device.id, s.silentForMs, s.deadlineAt])).toEqual([['C1', 40_000, 90_000]]);
    // C2 misses its beat just after 50 s: the scheduler's next check.
    expect(w.nextCheckAt).toBe(50_001);
  });

  it('honours a per-device interval override and devices switched off', () => {
    const rule = { ...camRule, overrides: { byDevice: { C1: { expectedIntervalMs: 300_000 } }, byArea: { A009: { enabled: false } } } };
    const w = watchHeartbeats(rule, [cam('C1', 0), cam('C2', 0, 'A009'), cam('C3', 0)], 60_000);
    expect(w.silent.map((s) => s.device.id)).toEqual(['C3']);
  });

  it('has nothing to schedule for an empty fleet', () => {
    expect(watchHeartbeats(camRule, [], 0)).toEqual({ silent: [], nextCheckAt: null });
  });
});
