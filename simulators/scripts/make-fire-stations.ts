/**
 * Regenerates simulators/data/fire-stations.sample.geojson from the sample areas, so the committed
 * file is reproducible: `npx tsx simulators/scripts/make-fire-stations.ts`. A test checks it still matches.
 */
import { writeFileSync } from 'node:fs';
import { loadAreas } from '../src/areas/load-areas.ts';
import { DEFAULT_FIRE_STATIONS_PATH, formatFireStations, sampleFireStations } from '../src/buildings/sample-fire-stations.ts';

const collection = sampleFireStations(loadAreas().areas);
writeFileSync(DEFAULT_FIRE_STATIONS_PATH, formatFireStations(collection));
process.stdout.write(`wrote ${(collection as { features: unknown[] }).features.length} sample fire stations to ${DEFAULT_FIRE_STATIONS_PATH}\n`);
