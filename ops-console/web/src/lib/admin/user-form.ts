import type { CreateUserRequest, Role } from '@cityops/contracts';

/**
 * The server's rules for a new account, restated (contracts' values would pull the schema library
 * into the bundle); user-form.test.ts pins them to contracts.
 */
export const USERNAME_RE = /^[A-Za-z0-9_.-]{1,64}$/;
export const PASSWORD_MIN = 12;

export type UserFormProblem = 'username' | 'password' | 'confirm';

/** What is wrong with a new account or a password reset, before asking the server. */
export function passwordProblems(password: string, confirm: string): UserFormProblem[] {
  const problems: UserFormProblem[] = [];
  if (password.length < PASSWORD_MIN || password.length > 256) problems.push('password');
  else if (password !== confirm) problems.push('confirm');
  return problems;
}

export function newUserRequest(f: {
  username: string;
  role: Role;
  password: string;
  confirm: string;
}): { ok: true; request: CreateUserRequest } | { ok: false; problems: UserFormProblem[] } {
  const username = f.username.trim();
  const problems: UserFormProblem[] = USERNAME_RE.test(username) ? [] : ['username'];
  problems.push(...passwordProblems(f.password, f.confirm));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, request: { username, role: f.role, password: f.password } };
}
