import { expect, it } from 'vitest';
import { AGENCY_LINES, API_KEY_SCOPES } from '@cityops/contracts';
import { AGENCY_LINE_LIST, API_KEY_SCOPE_LIST, parseAreas } from './api-key-scopes.ts';

it('offers exactly the scopes and agency lines the server issues', () => {
  expect(API_KEY_SCOPE_LIST).toEqual(API_KEY_SCOPES);
  expect(AGENCY_LINE_LIST).toEqual(AGENCY_LINES);
});

it('reads an agency key areas from a comma list', () => {
  expect(parseAreas(' hoan-kiem, ba-dinh,,hoan-kiem ,')).toEqual(['hoan-kiem', 'ba-dinh']);
  expect(parseAreas('  ')).toEqual([]);
});
