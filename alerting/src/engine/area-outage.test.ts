import { describe, expect, it } from 'vitest';
import { areaSuppressor, detectAreaOutages, largestBurst } from './area-outage.ts';
import { DEFAULT_RULES } from './default-rules.ts';
import { initialState } from './state.ts';
import type { Rule } from './rule.ts';
import type { EngineSignal } from './signal.ts';

const rule = DEFAULT_RULES.find((r) => r.kind === 'area-outage') as Rule<'area-outage'>;
const MIN = 60_000;

describe('area outage detector', () => {
  it('measures how many cameras fell within one window of each other', () => {
    expect(largestBurst([], MIN)).toBe(0);
    expect(largestBurst([0, 10, 2 * MIN, 5 * MIN, 5 * MIN + 1, 5 * MIN + 2], 2 * MIN)).toBe(3);
    expect(largestBurst([3, 1, 2, Number.NaN], 0)).toBe(1);
  });

  it('groups down cameras by area, ignoring cameras without one, and reports live areas with nothing down', () => {
    const totals = new Map([
      ['A1', 20],
      ['A2', 5],
    ]);
    const down = [
      { id: 'C2', area: 'A1', downSince: 1000 },
      { id: 'C1', area: 'A1', downSince: 0 },
      { id: 'C9', area: null, downSince: 0 },
    ];
    expect(detectAreaOutages(rule, totals, down, 5000, ['A2'])).toEqual([
      { type: 'area.cameras', area: 'A1', total: 20, downIds: ['C1', 'C2'], burst: 2, at: 5000 },
      { type: 'area.cameras', area: 'A2', total: 5, downIds: [], burst: 0, at: 5000 },
    ]);
  });

  it('suppresses per-camera offline signals of an area whose outage is firing or recovering, nothing else', () => {
    const states = [
      { ...initialState(rule.id, 'A1', 0), state: 'firing' as const },
      { ...initialState(rule.id, 'A2', 0), state: 'recovering' as const },
      { ...initialState(rule.id, 'A3', 0), state: 'pending' as const },
    ];
    const test = areaSuppressor(rule, states);
    const sig = (kind: EngineSignal['kind'], area: string | null) => ({ kind, area }) as EngineSignal;
    expect(test(sig('camera_offline', 'A1'))).toBe('area_outage:A1');
    expect(test(sig('camera_offline', 'A2'))).toBe('area_outage:A2');
    expect(test(sig('camera_offline', 'A3'))).toBeNull();
    expect(test(sig('camera_tampered', 'A1'))).toBeNull();
    expect(test(sig('camera_offline', null))).toBeNull();
  });
});
