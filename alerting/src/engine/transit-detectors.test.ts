import { describe, expect, it } from 'vitest';
import { TransitDetectors } from './transit-detectors.ts';
import { DEFAULT_RULES } from './default-rules.ts';
import type { TransitTapObservation } from './observation.ts';

const tap = (id: string, token: string, at: number): TransitTapObservation => ({ type: 'transit.tap', id, token, result: 'accepted', at, area: 'A001' });

describe('TransitDetectors', () => {
  it('turns taps into rejection counts and, for a second acceptance, a replay', () => {
    const d = new TransitDetectors();
    d.setRules(DEFAULT_RULES);
    expect(d.record(tap('TR-1', 'QR-1', 0)).map((o) => o.type)).toEqual(['transit.rejections']);
    expect(d.record(tap('TR-2', 'QR-1', 1000)).map((o) => o.type)).toEqual(['transit.replay', 'transit.rejections']);
    expect(d.rejections('transit-rejections', 'TR-1', 1000)).toMatchObject({ taps: 1, rejected: 0 });
  });

  it('keeps its memory across an unrelated rule edit, drops it with the rule', () => {
    const d = new TransitDetectors();
    d.setRules(DEFAULT_RULES);
    d.record(tap('TR-1', 'QR-1', 0));
    d.setRules(DEFAULT_RULES.map((r) => (r.id === 'queue-overload' ? { ...r, forDurationMs: 1 } : r)));
    expect(d.record(tap('TR-2', 'QR-1', 1000)).some((o) => o.type === 'transit.replay')).toBe(true);
    d.setRules(DEFAULT_RULES.filter((r) => r.kind !== 'transit-replay'));
    expect(d.record(tap('TR-2', 'QR-2', 2000)).map((o) => o.type)).toEqual(['transit.rejections']);
  });
});
