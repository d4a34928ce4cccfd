import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_AREAS_PATH, loadAreas } from './load-areas.ts';
import { generateAreas, SAMPLE_AREAS_SEED } from './generate-areas.ts';
import { formatAreaSet } from './format-areas.ts';
import { HANOI_CENTRE, RED_RIVER_ROUGH, RIVER_CLEARANCE_KM, SAMPLE_BOUNDS } from './hanoi-geography.ts';
import { distanceKm, distanceToPolylineKm } from '../core/geo.ts';

describe('the committed sample areas', () => {
  const set = loadAreas(DEFAULT_AREAS_PATH);

  it('is exactly what make-areas.ts generates (reproducible)', () => {
    expect(readFileSync(DEFAULT_AREAS_PATH, 'utf8')).toBe(formatAreaSet(generateAreas(SAMPLE_AREAS_SEED), SAMPLE_AREAS_SEED));
  });

  it('says it is sample data for Hà Nội, with 126 areas A001…A126', () => {
    expect(set.sample).toBe(true);
    expect(set.city).toBe('Hà Nội');
    expect(set.source).toMatch(/SAMPLE/);
    expect(set.areas).toHaveLength(126);
    expect(set.areas[0]?.id).toBe('A001');
    expect(set.areas[125]?.id).toBe('A126');
    expect(set.areas[0]?.name).toBe('Khu vực mẫu 001');
  });

  it('keeps centroids inside the sample box and off the Red River', () => {
    for (const a of set.areas) {
      expect(a.lat).toBeGreaterThanOrEqual(SAMPLE_BOUNDS.minLat);
      expect(a.lat).toBeLessThanOrEqual(SAMPLE_BOUNDS.maxLat);
      expect(a.lon).toBeGreaterThanOrEqual(SAMPLE_BOUNDS.minLon);
      expect(a.lon).toBeLessThanOrEqual(SAMPLE_BOUNDS.maxLon);
      expect(distanceToPolylineKm(a, RED_RIVER_ROUGH)).toBeGreaterThanOrEqual(RIVER_CLEARANCE_KM - 0.01);
    }
  });

  it('is dense near the centre and sparse outside', () => {
    const near = set.areas.filter((a) => distanceKm(a, HANOI_CENTRE) < 10);
    const far = set.areas.filter((a) => distanceKm(a, HANOI_CENTRE) >= 10);
    expect(near.length).toBeGreaterThan(30);
    const mean = (xs: typeof near, f: (a: (typeof near)[number]) => number) => xs.reduce((s, a) => s + f(a), 0) / xs.length;
    expect(mean(near, (a) => a.weight)).toBeGreaterThan(2 * mean(far, (a) => a.weight));
    expect(mean(near, (a) => a.radiusKm)).toBeLessThan(mean(far, (a) => a.radiusKm));
  });
});

describe('loadAreas errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cityops-areas-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const good = { city: 'X', sample: true, source: 's', areas: [{ id: 'A1', name: 'n', lat: 21, lon: 105, radiusKm: 1, weight: 1 }] };

  it('accepts a minimal valid file', () => {
    expect(loadAreas(write('ok.json', JSON.stringify(good))).areas).toHaveLength(1);
  });

  it('names a missing file, bad JSON and the offending field', () => {
    expect(() => loadAreas(join(dir, 'nope.json'))).toThrow(/nope\.json: cannot read \(ENOENT\)/);
    expect(() => loadAreas(write('bad.json', '{"areas": ['))).toThrow(/bad\.json: not JSON/);
    const badLat = { ...good, areas: [good.areas[0], { ...good.areas[0], id: 'A2', lat: 'north' }] };
    expect(() => loadAreas(write('lat.json', JSON.stringify(badLat)))).toThrow(/areas\[1\]\.lat must be a number/);
    const dup = { ...good, areas: [good.areas[0], good.areas[0]] };
    expect(() => loadAreas(write('dup.json', JSON.stringify(dup)))).toThrow(/"A1" is used twice/);
    expect(() => loadAreas(write('empty.json', JSON.stringify({ ...good, areas: [] })))).toThrow(/"areas" must be a non-empty array/);
  });
});
