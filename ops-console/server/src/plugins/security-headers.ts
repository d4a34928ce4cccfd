import type { FastifyInstance } from 'fastify';
import { securityHeaders, type SecurityHeaderOptions } from '../security/security-headers.ts';

/** Sets the security headers on every answer: routes, static files, 404s and errors alike. */
export function registerSecurityHeaders(app: FastifyInstance, opts: SecurityHeaderOptions): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.headers(securityHeaders(request.headers.host, opts));
    return payload;
  });
}
