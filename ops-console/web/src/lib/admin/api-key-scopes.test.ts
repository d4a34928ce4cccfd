import { expect, it } from 'vitest';
import { API_KEY_SCOPES } from '@cityops/contracts';
import { API_KEY_SCOPE_LIST } from './api-key-scopes.ts';

it('offers exactly the scopes the server issues', () => {
  expect(API_KEY_SCOPE_LIST).toEqual(API_KEY_SCOPES);
});
