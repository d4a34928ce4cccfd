import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../engine/index.ts';
import { checkRule } from './rule-validation.ts';

const fireAlarm = DEFAULT_RULES.find((r) => r.id === 'fire-alarm')!;
const rejections = DEFAULT_RULES.find((r) => r.id === 'transit-rejections')!;
const problem = (r: unknown) => {
  const c = checkRule(r);
  return c.ok ? null : c.problem;
};

describe('checkRule', () => {
  it('accepts every shipped rule', () => {
    for (const r of DEFAULT_RULES) expect(problem(JSON.parse(JSON.stringify(r))), r.id).toBeNull();
  });

  it('names the unknown kind', () => {
    expect(problem({ ...fireAlarm, kind: 'smoke' })).toMatch(/^\/kind must be one of fire-event/);
  });

  it('reports schema errors by path', () => {
    expect(problem({ ...fireAlarm, params: { events: ['alarm'], clearEvents: ['restore'], extra: 1 } })).toMatch(/^\/params/);
    expect(problem({ ...fireAlarm, forDurationMs: -5 })).toMatch(/^\/forDurationMs/);
    expect(problem({ ...fireAlarm, id: 'Bad Id' })).toMatch(/^\/id/);
  });

  it('refuses a rule reading the wrong kind of device', () => {
    expect(problem({ ...fireAlarm, deviceKind: 'camera' })).toBe('/deviceKind must be fire for a fire-event rule');
  });

  it('refuses rejection hysteresis running upwards', () => {
    expect(problem({ ...rejections, params: { ...rejections.params, clearRejectedPct: 40 } })).toMatch(/clearRejectedPct must not exceed/);
  });

  it('refuses escalation steps out of order', () => {
    const escalation = [
      { afterMs: 60_000, notify: 'supervisor' },
      { afterMs: 30_000, notify: 'admin' },
    ];
    expect(problem({ ...fireAlarm, escalation })).toBe('/escalation/1/afterMs must be later than the step before');
  });

  it('refuses overrides of fields the kind does not have, and accepts real ones', () => {
    expect(problem({ ...rejections, overrides: { byArea: { A001: { maxWaiting: 3 } } } })).toMatch(/overrides\/byArea\/A001\/maxWaiting is not a field/);
    expect(problem({ ...rejections, overrides: { byDevice: { 'TR-1': { minTaps: 50, enabled: false } } } })).toBeNull();
  });
});
