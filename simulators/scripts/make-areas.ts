/**
 * Regenerates simulators/data/hanoi-areas.sample.json from a fixed seed, so the committed file is
 * reproducible: `npx tsx simulators/scripts/make-areas.ts`. A test checks the file still matches.
 */
import { writeFileSync } from 'node:fs';
import { generateAreas, SAMPLE_AREAS_SEED } from '../src/areas/generate-areas.ts';
import { DEFAULT_AREAS_PATH } from '../src/areas/load-areas.ts';
import { formatAreaSet } from '../src/areas/format-areas.ts';

const set = generateAreas(SAMPLE_AREAS_SEED);
writeFileSync(DEFAULT_AREAS_PATH, formatAreaSet(set, SAMPLE_AREAS_SEED));
process.stdout.write(`wrote ${set.areas.length} sample areas to ${DEFAULT_AREAS_PATH}\n`);
