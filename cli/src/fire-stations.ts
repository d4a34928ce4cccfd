import type { Logger } from 'pino';
import { loadFireStationsFile, type Pool } from '@cityops/db';
import { DEFAULT_FIRE_STATIONS_PATH } from '@cityops/simulators';
import type { StackConfig } from './stack-config.ts';

/**
 * Fire stations at start: the deployment's file when CITYOPS_FIRE_STATIONS_FILE names one; the
 * bundled sample set (labelled as such on every station) only beside the simulated fleet, so a real
 * deployment never shows invented stations by default.
 */
export async function loadStartupFireStations(pool: Pool, config: Pick<StackConfig, 'fireStationsFile' | 'simulate'>, log: Logger): Promise<void> {
  const file = config.fireStationsFile ?? (config.simulate ? DEFAULT_FIRE_STATIONS_PATH : undefined);
  if (!file) return;
  const loaded = await loadFireStationsFile(pool, file);
  log.info({ file, ...loaded }, loaded.sample ? 'fire stations loaded (SAMPLE data, not real stations)' : 'fire stations loaded');
}
