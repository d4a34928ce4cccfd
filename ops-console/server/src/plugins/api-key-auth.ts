import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKey, ApiKeyScope, Role } from '@cityops/contracts';
import { roleAtLeast, SESSION_COOKIE } from '@cityops/contracts';
import { useApiKey, type Pool } from '@cityops/db';
import { sendProblem } from './problem-details.ts';
import { userForToken } from './sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when a route accepted an API key instead of a session. */
    apiKey: ApiKey | null;
  }
}

/** The key a machine client sent: `Authorization: Bearer <key>` or `X-Api-Key: <key>`. */
export function apiKeyFromHeaders(headers: FastifyRequest['headers']): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string' && /^bearer\s+/i.test(auth)) return auth.replace(/^bearer\s+/i, '').trim() || undefined;
  const x = headers['x-api-key'];
  return typeof x === 'string' && x.trim() !== '' ? x.trim() : undefined;
}

/** Who did it, for a ticket's history: the user, or the key by name. */
export function actorOf(request: FastifyRequest): string {
  return request.user?.username ?? (request.apiKey ? `api-key:${request.apiKey.name}` : 'unknown');
}

/**
 * A route-level onRequest hook for routes that machines and people both use (POST /api/tickets: the
 * call-centre integration with an API key, or a dispatcher and above). Such a route declares
 * `access: 'public'` so the session plugin lets it through, and this hook then demands either an API
 * key with `scope` or a session of `role` or above — never neither. A key that is sent and wrong is
 * refused even if a cookie is there too: a misconfigured integration should fail loudly.
 */
export function sessionOrApiKey(pool: Pool, need: { role: Role; scope: ApiKeyScope }) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const key = apiKeyFromHeaders(request.headers);
    if (key !== undefined) {
      const found = await useApiKey(pool, key);
      if (!found) return sendProblem(reply, 'CITYOPS_API_KEY_INVALID');
      if (!found.scopes.includes(need.scope)) return sendProblem(reply, 'CITYOPS_API_KEY_FORBIDDEN', `the key "${found.name}" lacks the scope ${need.scope}`);
      request.apiKey = found;
      return undefined;
    }
    request.user = await userForToken(pool, request.cookies[SESSION_COOKIE]);
    if (!request.user) return sendProblem(reply, 'CITYOPS_AUTH_REQUIRED', 'sign in, or send an API key (Authorization: Bearer …)');
    if (!roleAtLeast(request.user.role, need.role))
      return sendProblem(reply, 'CITYOPS_AUTH_FORBIDDEN', `needs role ${need.role} or above; you are ${request.user.role}`);
    return undefined;
  };
}

/** Called once by buildApp, before the routes that use sessionOrApiKey. */
export function registerApiKeyAuth(app: import('fastify').FastifyInstance): void {
  app.decorateRequest('apiKey', null);
}
