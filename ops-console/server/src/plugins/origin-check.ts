import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE } from '@cityops/contracts';
import { judgeOrigin } from '../security/origin-policy.ts';
import { sendProblem } from './problem-details.ts';

/** Methods that change nothing: reading is open to any page (it cannot read the answer anyway). */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing requests another page made with the user's cookie (acknowledge, logout,
 * provisioning…): before the session is looked up or the body parsed, so a forged request costs a
 * header comparison and changes nothing.
 */
export function registerOriginCheck(app: FastifyInstance, allowedOrigins: readonly string[]): void {
  const allowed: ReadonlySet<string> = new Set(allowedOrigins);
  app.addHook('onRequest', async (request, reply) => {
    if (SAFE_METHODS.has(request.method)) return;
    const verdict = judgeOrigin({ headers: request.headers, hasSessionCookie: request.cookies[SESSION_COOKIE] !== undefined, allowed });
    if (verdict.ok) return;
    request.log.warn(
      { method: request.method, url: request.url, origin: request.headers.origin, referer: request.headers.referer },
      'cross-origin request refused',
    );
    return sendProblem(reply, 'CITYOPS_ORIGIN_REFUSED', verdict.reason);
  });
}
