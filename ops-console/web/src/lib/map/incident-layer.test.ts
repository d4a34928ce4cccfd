import { describe, expect, it } from 'vitest';
import type { Incident } from '@cityops/contracts';
import { incidentFixture } from './incident.fixture.ts';
import { hasPosition, incidentLayer, incidentLineColor, incidentRadius } from './incident-layer.ts';

const incident = incidentFixture;

/** deck.gl types accessors as value-or-function; these tests know they are functions. */
const accessor = <T, R>(a: unknown) => a as (d: T) => R;

describe('incidentLayer', () => {
  it('leaves out incidents without a position (a hotline call with no address yet)', () => {
    const layer = incidentLayer([incident(1), incident(2, { lat: null, lon: null })]);
    expect((layer.props.data as Incident[]).map((i) => i.id)).toEqual([1]);
    expect(hasPosition(incident(3, { lon: Number.NaN }))).toBe(false);
  });

  it('rings critical incidents larger and red', () => {
    expect(incidentRadius('critical')).toBeGreaterThan(incidentRadius('major'));
    expect(incidentRadius('nonsense')).toBe(incidentRadius('info'));
    const [r, g] = incidentLineColor(incident(1));
    expect(r).toBeGreaterThan(200);
    expect(g).toBeLessThan(100);
  });

  it('dims incidents someone has taken', () => {
    expect(incidentLineColor(incident(1, { state: 'acknowledged' }))[3]).toBeLessThan(incidentLineColor(incident(1))[3]);
  });

  it('emphasises the selected incident and refreshes when the selection changes', () => {
    const layer = incidentLayer([incident(1), incident(2)], { selectedId: 2 });
    const getRadius = accessor<Incident, number>(layer.props.getRadius);
    expect(getRadius(incident(2))).toBeGreaterThan(getRadius(incident(1)));
    expect(layer.props.updateTriggers).toMatchObject({ getRadius: 2, getLineWidth: 2 });
  });
});
