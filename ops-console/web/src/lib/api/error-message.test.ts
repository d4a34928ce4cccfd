import { describe, expect, it } from 'vitest';
import { errorLines, errorMessage, problemErrors } from './error-message.ts';
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

describe('problemErrors', () => {
  it('reads the field errors a refusal carries, by JSON pointer', () => {
    const err = new ApiError(400, {
      type: 'about:blank',
      title: 'Invalid policy',
      status: 400,
      code: 'CITYOPS_NOTIFICATION_POLICY_INVALID',
      errors: [{ path: '/root/contactPoints/0', message: 'names no contact point: sms', extra: 1 }, { path: 3 }, null],
    } as never);
    expect(problemErrors(err)).toEqual([{ path: '/root/contactPoints/0', message: 'names no contact point: sms' }]);
  });

  it('finds none in other failures', () => {
    expect(problemErrors(new ApiError(409, { type: 'about:blank', title: 'In use', status: 409, code: 'CITYOPS_CONTACT_POINT_IN_USE' }))).toEqual([]);
    expect(problemErrors(new ApiError(400, { type: 'about:blank', title: 'x', status: 400, errors: 'nope' } as never))).toEqual([]);
    expect(problemErrors(new ApiError(502, null))).toEqual([]);
    expect(problemErrors(new TypeError('Failed to fetch'))).toEqual([]);
  });
});

describe('errorLines', () => {
  it('lists field errors by JSON pointer, the whole body as /', () => {
    expect(
      errorLines([
        { path: '/root/routes/0/contactPoints/1', message: 'names no contact point: sms-x' },
        { path: '', message: 'must be object' },
      ]),
    ).toEqual(['/root/routes/0/contactPoints/1: names no contact point: sms-x', '/: must be object']);
  });
});
