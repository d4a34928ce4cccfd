import { describe, expect, it } from 'vitest';
import { errorMessage } from './error-message.ts';
import { ApiError } from './http.ts';

describe('errorMessage', () => {
  it('names a coded problem by its code, so it can be shown in Vietnamese', () => {
    const err = new ApiError(401, { type: 'about:blank', title: 'Wrong username or password', status: 401, code: 'CITYOPS_AUTH_INVALID_CREDENTIALS' });
    expect(errorMessage(err)).toEqual({ key: 'problem.CITYOPS_AUTH_INVALID_CREDENTIALS' });
  });

  it('passes on the words of a problem whose code this build does not know', () => {
    const err = new ApiError(418, { type: 'about:blank', title: 'Teapot', detail: 'short and stout', status: 418, code: 'CITYOPS_TEAPOT' });
    expect(errorMessage(err)).toEqual({ text: 'short and stout' });
  });

  it('reports a bare HTTP failure by status, and no answer at all as unreachable', () => {
    expect(errorMessage(new ApiError(502, null))).toEqual({ key: 'error.unavailable', params: { status: 502 } });
    expect(errorMessage(new TypeError('Failed to fetch'))).toEqual({ key: 'error.network' });
  });
});
