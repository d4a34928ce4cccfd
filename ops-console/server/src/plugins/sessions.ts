import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Role, SessionUser } from '@cityops/contracts';
import { roleAtLeast, SESSION_COOKIE } from '@cityops/contracts';
import { findSessionUser, hashToken, type Pool } from '@cityops/db';
import { sendProblem } from './problem-details.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
  }
  interface FastifyContextConfig {
    /** Least role a route needs; 'public' for the few open routes. Routes without it are refused. */
    access?: Role | 'public';
  }
}

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Reads the session cookie from a raw Cookie header (also used by the Socket.IO handshake). */
export function sessionTokenFromCookieHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === SESSION_COOKIE) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export async function userForToken(pool: Pool, token: string | undefined, now = new Date()): Promise<SessionUser | null> {
  return token ? findSessionUser(pool, hashToken(token), now) : null;
}

/**
 * Secure by default: every route must declare `config.access`; a route that forgets is refused
 * with 403 rather than served to anyone. Static files of the web UI are public.
 */
export function registerSessions(app: FastifyInstance, pool: Pool): void {
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    const access = request.routeOptions.config?.access;
    if (access === 'public' || !request.routeOptions.url) return; // open route, or a 404 to come
    if (!request.url.startsWith('/api/') && !request.url.startsWith('/open311/')) return; // static UI
    request.user = await userForToken(pool, request.cookies[SESSION_COOKIE]);
    if (!request.user) return sendProblem(reply, 'CITYOPS_AUTH_REQUIRED');
    if (!access) return sendProblem(reply, 'CITYOPS_AUTH_FORBIDDEN', 'route declares no access rule');
    if (!roleAtLeast(request.user.role, access)) return sendProblem(reply, 'CITYOPS_AUTH_FORBIDDEN', `needs role ${access} or above; you are ${request.user.role}`);
  });
}
