import type { ImportProblem } from '@cityops/contracts';
import { ApiError } from '../api/http.ts';

/** A registry file's format by its name: `.csv` is CSV, `.geojson`/`.json` GeoJSON; anything else is not offered. */
export function importFormat(fileName: string): 'csv' | 'geojson' | null {
  const name = fileName.toLowerCase();
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.geojson') || name.endsWith('.json')) return 'geojson';
  return null;
}

/** The problems of a refused import (400 CITYOPS_IMPORT_INVALID), or null for any other failure. */
export function importProblems(err: unknown): ImportProblem[] | null {
  if (!(err instanceof ApiError) || err.problem?.code !== 'CITYOPS_IMPORT_INVALID') return null;
  const problems = (err.problem as { problems?: unknown }).problems;
  return Array.isArray(problems) ? (problems as ImportProblem[]) : null;
}
