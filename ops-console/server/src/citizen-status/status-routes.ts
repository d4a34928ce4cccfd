import type { FastifyInstance, FastifyReply } from 'fastify';
import { reportStatusByToken, stopCitizenUpdates, type Pool } from '@cityops/db';
import { notFoundPageHtml, statusPageHtml } from './status-page.ts';
import { mediaOf } from '../openapi/responses.ts';

export interface StatusRouteOptions {
  pool: Pool;
  /** The center's clock for the times shown (Vietnam: 420). */
  utcOffsetMinutes: number;
}

/** Tokens are 32 random bytes in base64url; anything else is not looked up. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * A citizen's view of their report at /status/{token}: public by design (the link in their e-mail is
 * the only key), so no session; the token is unguessable and the page shows no personal data
 * (./status-page.ts). The link is a secret, so the answer is never cached or indexed. The console's
 * `Referrer-Policy: same-origin` already keeps it from other sites (and the page loads nothing from
 * them); `no-referrer` would make browsers send `Origin: null` with the stop form, which the origin
 * check rightly refuses.
 */
export async function citizenStatusRoutes(app: FastifyInstance, opts: StatusRouteOptions): Promise<void> {
  const config = { access: 'public' as const };
  // The page's one form posts urlencoded (and nothing in it is read).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_request, _body, done) => done(null, {}));
  const html = (reply: FastifyReply, status: number, body: string) =>
    reply.code(status).header('cache-control', 'no-store').header('x-robots-tag', 'noindex').type('text/html; charset=utf-8').send(body);

  async function show(reply: FastifyReply, token: string, notice?: string) {
    const status = TOKEN.test(token) ? await reportStatusByToken(opts.pool, token, new Date()) : null;
    if (!status) return html(reply, 404, notFoundPageHtml());
    return html(reply, 200, statusPageHtml(status, `/status/${token}`, opts.utcOffsetMinutes, notice));
  }

  const page = (summary: string) => ({ summary, response: mediaOf(200, 'text/html', "The citizen's status page (404 page for an unknown link)") });
  app.get<{ Params: { token: string } }>(
    '/:token',
    { config, schema: page("A citizen's page of their report, from the link in their e-mail") },
    (request, reply) => show(reply, request.params.token),
  );

  app.post<{ Params: { token: string } }>(
    '/:token/stop',
    { config, schema: page('Stop the e-mail updates of a report, from its page') },
    async (request, reply) => {
      const { token } = request.params;
      if (TOKEN.test(token)) await stopCitizenUpdates(opts.pool, token, new Date());
      return show(reply, token, 'Đã ngừng gửi e-mail cập nhật cho phản ánh này.');
    },
  );
}
