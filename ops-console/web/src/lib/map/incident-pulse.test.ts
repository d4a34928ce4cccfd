import { describe, expect, it } from 'vitest';
import { incidentPulseLayers, PULSE_PERIOD_MS, pulsePhase, pulseUniforms, pulsingBySeverity } from './incident-pulse.ts';
import { incidentFixture as incident } from './incident.fixture.ts';

describe('incident pulse', () => {
  it('pulses open located incidents, faster the more severe; info and taken ones stay still', () => {
    const groups = pulsingBySeverity([
      incident(1),
      incident(2, { severity: 'major' }),
      incident(3, { severity: 'info' }),
      incident(4, { state: 'acknowledged' }),
      incident(5, { lat: null, lon: null }),
    ]);
    expect([...groups.keys()].sort()).toEqual(['critical', 'major']);
    expect(groups.get('critical')!.map((i) => i.id)).toEqual([1]);
    expect(PULSE_PERIOD_MS.critical!).toBeLessThan(PULSE_PERIOD_MS.major!);
  });

  it('grows and fades through each period, then starts again', () => {
    expect(pulsePhase(0, 1000)).toBe(0);
    expect(pulsePhase(1250, 1000)).toBeCloseTo(0.25);
    const start = pulseUniforms(0, 1000);
    const late = pulseUniforms(900, 1000);
    expect(late.radiusScale).toBeGreaterThan(start.radiusScale);
    expect(late.opacity).toBeLessThan(start.opacity);
    expect(pulseUniforms(1000, 1000)).toEqual(start);
  });

  it('animates through uniforms only: the same data and accessors frame after frame', () => {
    const groups = pulsingBySeverity([incident(1), incident(2)]);
    const [a] = incidentPulseLayers(groups, 0);
    const [b] = incidentPulseLayers(groups, 400);
    expect(a!.props.data).toBe(b!.props.data);
    expect(a!.props.getRadius).toBe(b!.props.getRadius);
    expect(a!.props.radiusScale).not.toBe(b!.props.radiusScale);
    expect(a!.props.opacity).not.toBe(b!.props.opacity);
    expect(incidentPulseLayers(groups, 0, false)[0]!.props.visible).toBe(false);
  });
});
