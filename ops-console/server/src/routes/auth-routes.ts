import type { FastifyInstance } from 'fastify';
import { LoginRequest, SESSION_COOKIE, type LoginResponse } from '@cityops/contracts';
import { deleteSession, findUser, hashToken, insertSession, verifyPassword, type Pool } from '@cityops/db';
import { newSessionToken } from '../plugins/sessions.ts';
import { sendProblem } from '../plugins/problem-details.ts';
import { LoginThrottle } from './login-throttle.ts';

// A constant-time-ish answer for unknown users: verify against a fixed hash so timing does not
// reveal which usernames exist.
const DUMMY_HASH = 'scrypt$32768$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export function authRoutes(app: FastifyInstance, opts: { pool: Pool; secureCookies: boolean; sessionHours: number }): void {
  const throttle = new LoginThrottle();

  app.post<{ Body: LoginRequest }>('/api/auth/login', { schema: { body: LoginRequest }, config: { access: 'public' } }, async (request, reply) => {
    const { username, password } = request.body;
    const key = `${request.ip}|${username}`;
    if (throttle.blocked(key, Date.now())) return sendProblem(reply, 'CITYOPS_RATE_LIMITED', 'too many failed sign-ins; wait a few minutes');
    const user = await findUser(opts.pool, username);
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || user.disabled) {
      throttle.fail(key, Date.now());
      request.log.warn({ username }, 'sign-in refused');
      return sendProblem(reply, 'CITYOPS_AUTH_INVALID_CREDENTIALS');
    }
    throttle.clear(key);
    const token = newSessionToken();
    const expiresAt = new Date(Date.now() + opts.sessionHours * 3600_000);
    await insertSession(opts.pool, { tokenHash: hashToken(token), username: user.username, expiresAt });
    reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: opts.secureCookies, path: '/', expires: expiresAt });
    const body: LoginResponse = { user: { username: user.username, role: user.role } };
    return body;
  });

  app.post('/api/auth/logout', { config: { access: 'viewer' } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await deleteSession(opts.pool, hashToken(token));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get('/api/auth/me', { config: { access: 'viewer' } }, async (request) => ({ user: request.user }));
}
