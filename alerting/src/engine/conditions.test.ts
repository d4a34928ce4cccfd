import { describe, expect, it } from 'vitest';
import { conditionOf, subjectOf } from './conditions.ts';
import { DEFAULT_RULES } from './default-rules.ts';
import type { AnyRule } from './rule.ts';
import type { Observation } from './observation.ts';

const rule = (id: string) => DEFAULT_RULES.find((r) => r.id === id)! as AnyRule;
const load = (waiting: number, avgWaitSec = 60): Observation => ({ type: 'queue.load', id: 'Q-1', waiting, serving: 1, countersOpen: 1, avgWaitSec, at: 0 });

describe('conditions', () => {
  it('queue load has a hysteresis band: over at 40, under only below 32, unchanged between', () => {
    const r = rule('queue-overload');
    expect([40, 35, 32, 31].map((w) => conditionOf(r, load(w), 0)?.active)).toEqual([true, null, null, false]);
    expect(conditionOf(r, load(0, 36 * 60), 0)?.active).toBe(null);
    expect(conditionOf(r, load(0, 35 * 60), 0)?.active).toBe(false);
  });

  it('heartbeat: silent strictly after the expected interval, pending from the moment it was due', () => {
    const r = rule('camera-silent');
    const hb: Observation = { type: 'heartbeat', id: 'CAM-1', kind: 'camera', area: 'A001', lastSeenAt: 1_000 };
    expect(conditionOf(r, hb, 31_000)?.active).toBe(false);
    expect(conditionOf(r, hb, 31_001)).toMatchObject({ active: true, activeSince: 31_000 });
    expect(conditionOf(r, { ...hb, lastSeenAt: null }, 999_999)?.active).toBe(null);
  });

  it('rejection rate is judged only on enough taps, with a lower bar to clear', () => {
    const r = rule('transit-rejections');
    const obs = (taps: number, rejected: number): Observation => ({ type: 'transit.rejections', id: 'TR-1', taps, rejected, at: 0 });
    expect([obs(19, 19), obs(20, 7), obs(20, 6), obs(20, 5), obs(20, 3)].map((o) => conditionOf(r, o, 0)?.active)).toEqual([false, true, null, null, false]);
  });

  it('area outage needs both the count and the share of the area, and stays while enough remain down', () => {
    const r = rule('area-camera-outage');
    const area = (total: number, down: number, burst: number): Observation => ({
      type: 'area.cameras',
      area: 'A1',
      total,
      downIds: Array.from({ length: down }, (_, i) => `C${i}`),
      burst,
      at: 0,
    });
    expect(conditionOf(r, area(20, 10, 10), 0)?.active).toBe(true);
    expect(conditionOf(r, area(20, 9, 9), 0)?.active).toBe(false);
    expect(conditionOf(r, area(100, 29, 29), 0)?.active).toBe(false);
    expect(conditionOf(r, area(100, 30, 30), 0)?.active).toBe(true);
    expect(conditionOf(r, area(100, 30, 5), 0)?.active).toBe(null); // fell one by one: no new outage, but an open one stays
  });

  it('a ticket transferred away from an emergency line clears its incident; one transferred onto it raises one', () => {
    const r = rule('hotline-emergency');
    const ticket = (line: '1022' | '114', transferredFrom: '1022' | '114' | null): Observation => ({
      type: 'ticket',
      id: 9,
      line,
      transferredFrom,
      category: 'other',
      state: 'received',
      at: 0,
    });
    expect(conditionOf(r, ticket('1022', '114'), 0)).toMatchObject({ subject: '9', active: false });
    expect(conditionOf(r, ticket('114', '1022'), 0)).toMatchObject({ subject: '9', active: true });
    expect(conditionOf(r, ticket('1022', null), 0)).toBeNull();
  });

  it('rules read only their own observations', () => {
    expect(subjectOf(rule('camera-offline'), { type: 'device.status', id: 'FA-1', kind: 'fire', status: 'offline', at: 0 })).toBeNull();
    expect(subjectOf(rule('hotline-emergency'), { type: 'ticket', id: 7, line: '1022', category: 'x', state: 'received', at: 0 })).toBeNull();
    expect(subjectOf(rule('hotline-emergency'), { type: 'ticket', id: 7, line: '115', category: 'x', state: 'received', at: 0 })).toBe('7');
  });
});
