import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Compile } from 'typebox/compile';
import { ConfigError, summarizeErrors, UnitsDirectoryFile, type ResponsibleUnit } from '@cityops/contracts';

/** The bundled sample (Hà Nội wards, departments, emergency services), labelled `sample: true`. */
export const SAMPLE_UNITS_FILE = resolve(import.meta.dirname, '..', '..', 'data', 'responsible-units.sample.json');

export interface UnitsDirectory {
  sample: boolean;
  source: string;
  units: readonly ResponsibleUnit[];
  get(id: string): ResponsibleUnit | undefined;
}

const check = Compile(UnitsDirectoryFile);

/**
 * Reads and checks the units directory at start, so a broken file stops the console with one line
 * naming it rather than failing the first forward of the night.
 */
export function loadUnitsDirectory(path: string, variable = 'CITYOPS_UNITS_FILE'): UnitsDirectory {
  if (!existsSync(path)) throw new ConfigError(variable, `names no file: ${path}`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(variable, `${path} is not JSON: ${(err as Error).message}`);
  }
  if (!check.Check(data)) throw new ConfigError(variable, `${path}: ${summarizeErrors(check.Errors(data))}`);
  const byId = new Map<string, ResponsibleUnit>();
  for (const u of data.units) {
    if (byId.has(u.id)) throw new ConfigError(variable, `${path}: unit id ${u.id} appears twice`);
    byId.set(u.id, u);
  }
  return { sample: data.sample, source: data.source, units: data.units, get: (id) => byId.get(id) };
}
