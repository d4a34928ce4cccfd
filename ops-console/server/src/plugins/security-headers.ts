import type { FastifyInstance } from 'fastify';
import { securityHeaders, type SecurityHeaderOptions } from '../security/security-headers.ts';

/**
 * Sets the security headers on every answer: routes, static files, 404s and errors alike. A route
 * may only make the Referer stricter (`no-referrer`, for pages whose URL is itself a secret, like a
 * citizen's status link); every other header is the console's.
 */
export function registerSecurityHeaders(app: FastifyInstance, opts: SecurityHeaderOptions): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const strictReferrer = reply.getHeader('referrer-policy') === 'no-referrer';
    reply.headers(securityHeaders(request.headers.host, opts));
    if (strictReferrer) reply.header('referrer-policy', 'no-referrer');
    return payload;
  });
}
