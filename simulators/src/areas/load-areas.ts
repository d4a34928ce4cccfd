import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AreaSet } from './area.ts';
import { validateAreaSet } from './area.ts';

/** The sample Hanoi areas shipped with the simulators (invented names and shapes, see its `source`). */
export const DEFAULT_AREAS_PATH = join(import.meta.dirname, '..', '..', 'data', 'hanoi-areas.sample.json');

export class AreasFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AreasFileError';
  }
}

/** Read and validate an areas file; throws one error whose message names the file and the problem. */
export function loadAreas(path: string = DEFAULT_AREAS_PATH): AreaSet {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new AreasFileError(`areas file ${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AreasFileError(`areas file ${path}: not JSON (${(err as Error).message})`);
  }
  const result = validateAreaSet(json);
  if (result.errors) {
    const more = result.errors.length > 3 ? ` (and ${result.errors.length - 3} more)` : '';
    throw new AreasFileError(`areas file ${path}: ${result.errors.slice(0, 3).join('; ')}${more}`);
  }
  return result.value;
}
