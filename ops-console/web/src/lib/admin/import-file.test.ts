import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http.ts';
import { importFormat, importProblems } from './import-file.ts';

describe('importing a registry file', () => {
  it('knows the format by the file name', () => {
    expect(['toa-nha.CSV', 'b.geojson', 'c.json', 'd.xlsx'].map(importFormat)).toEqual(['csv', 'geojson', 'geojson', null]);
  });

  it('reads the problems of a refused import, and nothing from other failures', () => {
    const problems = [{ row: 3, field: 'lat', message: 'must be <= 90' }];
    const refused = new ApiError(400, { type: 'about:blank', title: 'x', status: 400, code: 'CITYOPS_IMPORT_INVALID', problems } as never);
    expect(importProblems(refused)).toEqual(problems);
    expect(importProblems(new ApiError(403, { type: 'about:blank', title: 'x', status: 403, code: 'CITYOPS_AUTH_FORBIDDEN' }))).toBeNull();
    expect(importProblems(new TypeError('Failed to fetch'))).toBeNull();
  });
});
