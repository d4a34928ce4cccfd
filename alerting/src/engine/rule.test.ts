import { describe, expect, it } from 'vitest';
import { resolveParams, type Rule } from './rule.ts';

const rule: Rule<'queue-load'> = {
  id: 'queue-overload',
  name: 'Queue overloaded',
  kind: 'queue-load',
  enabled: true,
  deviceKind: 'queue',
  incidentKind: 'queue_overload',
  severity: 'warning',
  params: { maxWaiting: 40, maxAvgWaitSec: 2700, clearRatio: 0.8 },
  forDurationMs: 600_000,
  recoverAfterMs: 300_000,
  autoResolve: true,
  overrides: {
    byArea: { A001: { maxWaiting: 60, forDurationMs: 300_000 } },
    byDevice: { 'Q-9': { maxWaiting: 80, enabled: false } },
  },
};

describe('resolveParams', () => {
  it('takes the device override over the area override over the default', () => {
    expect(resolveParams(rule, 'Q-1', 'A002')).toMatchObject({ maxWaiting: 40, forDurationMs: 600_000, enabled: true });
    expect(resolveParams(rule, 'Q-1', 'A001')).toMatchObject({ maxWaiting: 60, forDurationMs: 300_000 });
    expect(resolveParams(rule, 'Q-9', 'A001')).toMatchObject({ maxWaiting: 80, forDurationMs: 300_000, enabled: false, maxAvgWaitSec: 2700 });
  });

  it('ignores override values of the wrong type, negative or unknown, instead of trusting or throwing', () => {
    const bad = {
      ...rule,
      overrides: { byDevice: { 'Q-1': { maxWaiting: '90', clearRatio: -1, forDurationMs: Number.NaN, surprise: 1 } } },
    } as unknown as Rule<'queue-load'>;
    expect(resolveParams(bad, 'Q-1', null)).toEqual({
      maxWaiting: 40,
      maxAvgWaitSec: 2700,
      clearRatio: 0.8,
      forDurationMs: 600_000,
      recoverAfterMs: 300_000,
      enabled: true,
    });
    const junk = { ...rule, overrides: { byArea: 'nope', byDevice: { 'Q-1': null } } } as unknown as Rule<'queue-load'>;
    expect(resolveParams(junk, 'Q-1', 'A001').maxWaiting).toBe(40);
  });

  it('does not read inherited keys as areas or devices', () => {
    expect(resolveParams(rule, 'constructor', '__proto__').maxWaiting).toBe(40);
  });
});
