import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import { LoginRequest, SESSION_COOKIE, LoginResponse, SessionUser } from '@cityops/contracts';
import { deleteSession, findUser, hashToken, insertSession, verifyPassword, type Pool } from '@cityops/db';
import { newSessionToken } from '../plugins/sessions.ts';
import { sendProblem } from '../plugins/problem-details.ts';
import type { ConsoleLink } from '../console-link.ts';
import { LoginThrottle } from './login-throttle.ts';
import type { AuditTrail } from '../audit/audit-trail.ts';
import { noContent, ok } from '../openapi/responses.ts';

// A constant-time-ish answer for unknown users: verify against a fixed hash so timing does not
// reveal which usernames exist.
const DUMMY_HASH = 'scrypt$32768$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export interface AuthRoutesOptions {
  pool: Pool;
  secureCookies: boolean;
  sessionHours: number;
  /** Where a logout tells the realtime side to close that session's sockets. */
  link: ConsoleLink;
  /** Sign-ins (with the outcome and address) and sign-outs go on the audit log. */
  audit: AuditTrail;
}

export function authRoutes(app: FastifyInstance, opts: AuthRoutesOptions): void {
  const throttle = new LoginThrottle();
  const now = Date.now;

  app.post<{ Body: LoginRequest }>(
    '/api/auth/login',
    { schema: { summary: 'Sign in: sets the session cookie', response: ok(LoginResponse), body: LoginRequest }, config: { access: 'public' } },
    async (request, reply) => {
      const { username, password } = request.body;
      // request.ip is the socket's address unless CITYOPS_TRUSTED_PROXIES names the proxy in front.
      const admission = throttle.admit({ address: request.ip, username }, now());
      if (!admission.ok) {
        request.log.warn({ username, address: request.ip, bucket: admission.bucket }, 'sign-in throttled');
        // Not on the audit log: the failures that led here are, and a flood of throttled tries is not worth a row each.
        reply.header('retry-after', String(Math.ceil(admission.retryAfterMs / 1000)));
        return sendProblem(reply, 'CITYOPS_RATE_LIMITED', 'too many failed sign-ins; wait and retry');
      }
      // A database error is not a wrong password: only a refusal counts against the caller.
      let outcome: 'failed' | 'succeeded' = 'succeeded';
      try {
        const user = await findUser(opts.pool, username);
        const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
        if (!user || !ok || user.disabled) {
          outcome = 'failed';
          request.log.warn({ username, address: request.ip }, 'sign-in refused');
          const reason = !user ? 'unknown user' : !ok ? 'wrong password' : 'account disabled';
          await opts.audit.record(request, { actor: username, action: 'auth.sign_in', outcome: 'failed', address: request.ip, after: { reason } });
          return sendProblem(reply, 'CITYOPS_AUTH_INVALID_CREDENTIALS');
        }
        const token = newSessionToken();
        const expiresAt = new Date(now() + opts.sessionHours * 3600_000);
        await insertSession(opts.pool, { tokenHash: hashToken(token), username: user.username, expiresAt });
        reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: opts.secureCookies, path: '/', expires: expiresAt });
        await opts.audit.record(request, {
          actor: user.username,
          action: 'auth.sign_in',
          outcome: 'succeeded',
          address: request.ip,
          after: { role: user.role },
        });
        const body: LoginResponse = { user: { username: user.username, role: user.role } };
        return body;
      } finally {
        throttle.settle(admission.ticket, outcome, now());
      }
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { summary: 'Sign out: ends the session', response: noContent }, config: { access: 'viewer' } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        const tokenHash = hashToken(token);
        await deleteSession(opts.pool, tokenHash);
        opts.link.endSession(tokenHash);
      }
      await opts.audit.record(request, { actor: request.user?.username ?? null, action: 'auth.sign_out', outcome: 'succeeded', address: request.ip });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    { schema: { summary: 'Who is signed in', response: ok(Type.Object({ user: SessionUser })) }, config: { access: 'viewer' } },
    async (request) => ({ user: request.user }),
  );
}
