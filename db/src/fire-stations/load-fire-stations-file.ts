import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Pool } from 'pg';
import { FireStationsFileError, parseFireStations } from './parse-fire-stations.ts';
import { replaceFireStations } from '../repositories/fire-stations-repository.ts';

/**
 * Loads a deployment's fire-station GeoJSON: the stations of the file's source are replaced as a
 * whole (the file is the truth), stations from other sources stay. Returns what was loaded.
 */
export async function loadFireStationsFile(pool: Pool, path: string): Promise<{ source: string; sample: boolean; count: number }> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new FireStationsFileError(`fire stations file ${path}: cannot read (${reason})`);
  }
  const parsed = parseFireStations(json, basename(path));
  await replaceFireStations(pool, parsed.source, parsed.stations);
  return { source: parsed.source, sample: parsed.sample, count: parsed.stations.length };
}
