import { describe, expect, it } from 'vitest';
import { DEVICE_ID_PATTERN } from '@cityops/contracts';
import { planFleet } from './plan-fleet.ts';
import { DEFAULT_FLEET_COUNTS } from './device-spec.ts';
import { apportion, interleave } from './apportion.ts';
import { loadAreas } from '../areas/load-areas.ts';

const { areas } = loadAreas();
const fleet = planFleet({ areas, counts: DEFAULT_FLEET_COUNTS, seed: 7 });
const ofKind = (k: string) => fleet.filter((d) => d.kind === k);

describe('planFleet', () => {
  it('plans the asked counts with valid, unique ids', () => {
    expect(ofKind('camera')).toHaveLength(2000);
    expect(ofKind('fire')).toHaveLength(500);
    expect(ofKind('transit')).toHaveLength(300);
    expect(ofKind('queue')).toHaveLength(126);
    expect(new Set(fleet.map((d) => d.id)).size).toBe(fleet.length);
    for (const d of fleet) expect(d.id).toMatch(DEVICE_ID_PATTERN);
  });

  it('is deterministic for a seed', () => {
    expect(planFleet({ areas, counts: DEFAULT_FLEET_COUNTS, seed: 7 })).toEqual(fleet);
    expect(planFleet({ areas, counts: DEFAULT_FLEET_COUNTS, seed: 8 })).not.toEqual(fleet);
  });

  it('spreads cameras by area weight, numbered per area', () => {
    const inArea = (id: string) => ofKind('camera').filter((d) => d.area === id).length;
    expect(inArea('A001')).toBeGreaterThan(3 * inArea('A126'));
    expect(fleet.some((d) => d.id === 'CAM-A001-0001')).toBe(true);
  });

  it('ties each fire panel to a distinct sample building address', () => {
    const addresses = ofKind('fire').map((d) => d.address);
    expect(new Set(addresses).size).toBe(500);
    for (const a of addresses) expect(a).toMatch(/^Số \d+, Ngõ mẫu \d+, Khu vực mẫu \d{3} \(dữ liệu mẫu\)$/);
  });

  it('puts transit readers on BRT01, bus routes 01–30 and metro M2A and M3', () => {
    const routes = new Set(ofKind('transit').map((d) => d.routeId));
    expect(routes).toEqual(new Set(['BRT01', 'M2A', 'M3', ...Array.from({ length: 30 }, (_, i) => String(i + 1).padStart(2, '0'))]));
    const bus = ofKind('transit').find((d) => d.routeId === '05');
    expect(bus?.vehicleId).toMatch(/^29B-\d{3}\.\d{2}$/);
    expect(ofKind('transit').find((d) => d.routeId === 'M3')?.stopId).toMatch(/^M3-S\d{2}$/);
  });

  it('places exactly one one-stop-shop kiosk per area', () => {
    const kiosks = ofKind('queue');
    expect(new Set(kiosks.map((d) => d.area)).size).toBe(126);
    expect(kiosks.find((d) => d.area === 'A001')?.id).toBe('MC-A001');
  });

  it('mixes kinds so that the first 20 devices hold every kind', () => {
    expect(new Set(fleet.slice(0, 20).map((d) => d.kind))).toEqual(new Set(['camera', 'fire', 'transit', 'queue']));
  });

  it('refuses counts it cannot honour, naming them', () => {
    expect(() => planFleet({ areas, counts: { queue: 127 }, seed: 1 })).toThrow(/counts\.queue is 127 but there are only 126 areas/);
    expect(() => planFleet({ areas, counts: { camera: -1 }, seed: 1 })).toThrow(/counts\.camera must be a non-negative integer/);
  });
});

describe('apportion and interleave', () => {
  it('splits totals exactly in proportion', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(7, [0, 2, 5])).toEqual([0, 2, 5]);
    expect(apportion(5, [0, 0])).toEqual([0, 0]);
  });

  it('keeps every prefix proportional', () => {
    expect(
      interleave([
        ['a', 'a', 'a', 'a'],
        ['b', 'b'],
      ]).join(''),
    ).toBe('abaaba');
  });
});
