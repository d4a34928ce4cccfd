import { describe, expect, it } from 'vitest';
import { PASSWORD_MIN_LENGTH, USERNAME_PATTERN } from '@cityops/contracts';
import { newUserRequest, PASSWORD_MIN, passwordProblems, USERNAME_RE } from './user-form.ts';

describe('the new-account form', () => {
  it('restates the server’s rules exactly', () => {
    expect(USERNAME_RE.source).toBe(USERNAME_PATTERN);
    expect(PASSWORD_MIN).toBe(PASSWORD_MIN_LENGTH);
  });

  it('names each field that is wrong, and sends a trimmed username', () => {
    expect(newUserRequest({ username: ' ward op ', role: 'viewer', password: 'short', confirm: 'short' })).toEqual({
      ok: false,
      problems: ['username', 'password'],
    });
    expect(passwordProblems('a long enough password', 'a long enough passw0rd')).toEqual(['confirm']);
    expect(newUserRequest({ username: ' ward.op ', role: 'dispatcher', password: 'phuong-hang-bac', confirm: 'phuong-hang-bac' })).toEqual({
      ok: true,
      request: { username: 'ward.op', role: 'dispatcher', password: 'phuong-hang-bac' },
    });
  });
});
