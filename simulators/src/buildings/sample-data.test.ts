import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Compile } from 'typebox/compile';
import { CreateBuildingRequest } from '@cityops/contracts';
import { loadAreas } from '../areas/load-areas.ts';
import { planFleet } from '../fleet/plan-fleet.ts';
import { DEFAULT_FIRE_STATIONS_PATH, formatFireStations, sampleFireStations } from './sample-fire-stations.ts';
import { sampleBuildingFor } from './sample-buildings.ts';

const areas = loadAreas().areas;

describe('bundled sample fire stations', () => {
  it('is what the generator makes from the sample areas (regenerate with simulators/scripts/make-fire-stations.ts)', () => {
    expect(readFileSync(DEFAULT_FIRE_STATIONS_PATH, 'utf8')).toBe(formatFireStations(sampleFireStations(areas)));
  });

  it('says it is sample data, as a whole and in every station name', () => {
    const file = JSON.parse(readFileSync(DEFAULT_FIRE_STATIONS_PATH, 'utf8')) as {
      sample: boolean;
      source: string;
      features: { properties: { name: string } }[];
    };
    expect(file.sample).toBe(true);
    expect(file.source).toMatch(/^SAMPLE data/);
    expect(file.features.length).toBe(14);
    expect(file.features.every((f) => /dữ liệu mẫu/.test(f.properties.name))).toBe(true);
  });
});

describe('sample buildings of the simulated fire panels', () => {
  const panels = planFleet({ areas, counts: { fire: 60 }, seed: 20251 });
  const valid = Compile(CreateBuildingRequest);

  it('gives each panel a valid, distinct building at its address, the same on every run', () => {
    const buildings = panels.map(sampleBuildingFor);
    for (const b of buildings) expect(valid.Check(b), JSON.stringify(b)).toBe(true);
    expect(new Set(buildings.map((b) => b.id)).size).toBe(panels.length);
    expect(buildings[0]).toMatchObject({ id: `B-${panels[0]!.id}`, address: panels[0]!.address, lat: panels[0]!.lat, area: panels[0]!.area });
    expect(panels.map(sampleBuildingFor)).toEqual(buildings);
  });

  it('spreads over the building types a fire crew meets, with occupants growing with floors', () => {
    const buildings = panels.map(sampleBuildingFor);
    expect(new Set(buildings.map((b) => b.usage)).size).toBeGreaterThanOrEqual(4);
    for (const b of buildings) expect(b.occupants!).toBeGreaterThanOrEqual(b.floors! * 4);
  });
});
