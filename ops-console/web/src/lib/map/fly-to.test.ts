import { describe, expect, it } from 'vitest';
import { FlyToPolicy, incidentZoom, mayFlyTo } from './fly-to.ts';
import { initialLayerState, setArea, toggleLayer } from './layer-state.ts';
import { OFFLINE_DETAIL_ZOOM } from './basemap-style.ts';
import { INCIDENT_ZOOM } from './view.ts';
import { incidentFixture as incident } from './incident.fixture.ts';

describe('FlyToPolicy', () => {
  it('does not fly to what was already on the list when the wall opened', () => {
    const p = new FlyToPolicy(30_000);
    expect(p.consider([incident(1)], 1_000_000)).toBeNull();
    expect(p.consider([incident(1)], 1_000_000)).toBeNull();
  });

  it('flies to a new critical incident while nobody touches the map, once', () => {
    const p = new FlyToPolicy(30_000);
    p.consider([], 0);
    expect(p.consider([incident(2, { lon: 105.9, lat: 21.1 })], 1_000)).toEqual({ incidentId: 2, lon: 105.9, lat: 21.1 });
    expect(p.consider([incident(2, { lon: 105.9, lat: 21.1 })], 2_000)).toBeNull();
  });

  it('leaves the map alone for N seconds after the operator touched it', () => {
    const p = new FlyToPolicy(30_000);
    p.consider([], 0);
    p.touched(100_000);
    expect(p.consider([incident(3)], 129_999)).toBeNull();
    // Not flown to later either: by then the operator has it on the list.
    expect(p.consider([incident(3)], 200_000)).toBeNull();
    expect(p.idle(130_000)).toBe(true);
    expect(p.consider([incident(3), incident(4)], 130_000)).toMatchObject({ incidentId: 4 });
  });

  it('ignores non-critical, taken and unlocated incidents', () => {
    const p = new FlyToPolicy(30_000);
    p.consider([], 0);
    expect(p.consider([incident(5, { severity: 'major' }), incident(6, { state: 'acknowledged' }), incident(7, { lat: null, lon: null })], 1_000)).toBeNull();
  });

  it('picks the newest of several arriving together', () => {
    const p = new FlyToPolicy(30_000);
    p.consider([], 0);
    const t = p.consider([incident(8, { openedAt: '2025-06-01T10:00:00Z' }), incident(9, { openedAt: '2025-06-01T10:00:05Z', lon: 106 })], 1_000);
    expect(t).toMatchObject({ incidentId: 9, lon: 106 });
  });
});

describe('incidentZoom', () => {
  it('stops where the offline basemap still shows something, below the blank zooms', () => {
    expect(incidentZoom(10.5, 'offline')).toBe(OFFLINE_DETAIL_ZOOM);
    expect(OFFLINE_DETAIL_ZOOM).toBeLessThan(14);
  });

  it("goes to street level on a deployment's own tiles", () => {
    expect(incidentZoom(10.5, 'pmtiles')).toBe(INCIDENT_ZOOM);
    expect(incidentZoom(10.5, 'style')).toBe(INCIDENT_ZOOM);
  });

  it('never zooms an operator who is already closer back out', () => {
    expect(incidentZoom(16, 'offline')).toBe(16);
    expect(incidentZoom(17, 'pmtiles')).toBe(17);
  });
});

describe('mayFlyTo', () => {
  const layers = initialLayerState();

  it('lets the wall fly to an incident it shows, live', () => {
    expect(mayFlyTo(incident(1), { replaying: false, layers })).toBe(true);
    expect(mayFlyTo(incident(1, { area: null }), { replaying: false, layers: setArea(layers, 'Ba Đình') })).toBe(true);
  });

  it('not while replaying, outside the area filter, or with the incidents layer off', () => {
    expect(mayFlyTo(incident(1), { replaying: true, layers })).toBe(false);
    expect(mayFlyTo(incident(1, { area: 'Hoàn Kiếm' }), { replaying: false, layers: setArea(layers, 'Ba Đình') })).toBe(false);
    expect(mayFlyTo(incident(1), { replaying: false, layers: toggleLayer(layers, 'incidents', false) })).toBe(false);
  });
});
