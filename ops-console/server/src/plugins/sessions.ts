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
 * Secure by default: access is decided by the route that matched (`config.access`), never by the
 * text of the URL — Fastify routes `/%61pi/devices` to `/api/devices`, and any prefix test on the
 * raw URL can be dodged that way. A route that declares no access is refused even to admins, so a
 * forgotten declaration fails closed. Requests that matched no route go on to the JSON 404.
 */
export function registerSessions(app: FastifyInstance, pool: Pool): void {
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    if (request.is404) return;
    const access = request.routeOptions.config?.access;
    if (access === 'public') return;
    if (access === undefined) {
      request.log.error({ route: request.routeOptions.url, method: request.method }, 'route declares no access rule; refused');
      return sendProblem(reply, 'CITYOPS_AUTH_FORBIDDEN', 'route declares no access rule');
    }
    request.user = await userForToken(pool, request.cookies[SESSION_COOKIE]);
    if (!request.user) return sendProblem(reply, 'CITYOPS_AUTH_REQUIRED');
    if (!roleAtLeast(request.user.role, access))
      return sendProblem(reply, 'CITYOPS_AUTH_FORBIDDEN', `needs role ${access} or above; you are ${request.user.role}`);
  });
}
