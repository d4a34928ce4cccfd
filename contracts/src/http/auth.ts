import Type from 'typebox';
import { Role } from './common.ts';

export const LoginRequest = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
});
export type LoginRequest = Type.Static<typeof LoginRequest>;

export const SessionUser = Type.Object({ username: Type.String(), role: Role });
export type SessionUser = Type.Static<typeof SessionUser>;

export const LoginResponse = Type.Object({ user: SessionUser });
export type LoginResponse = Type.Static<typeof LoginResponse>;

/** Name of the session cookie (HttpOnly, SameSite=Lax). */
export const SESSION_COOKIE = 'cityops_session';
