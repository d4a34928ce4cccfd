import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CityopsError, type TicketState } from '@cityops/contracts';
import { createTicket, latestTicketNotes, listTickets, type Pool } from '@cityops/db';
import { apiKeyFromHeaders } from '../plugins/api-key-auth.ts';
import type { TicketWrite } from '../tickets/ticket-writes.ts';
import { langOf, open311Services, parseOpen311Post, serviceNotice, serviceRequestOf, statesOf } from './mapping.ts';
import { checkOpen311Key } from './open311-auth.ts';
import { toXml } from './xml.ts';

export interface Open311Options {
  pool: Pool;
  write: TicketWrite;
  /** CITYOPS_OPEN311_KEY */
  sharedKey: string | undefined;
  /** CITYOPS_OPEN311_PUBLIC_READ: reads without a key. */
  publicRead: boolean;
}

/** An error in the standard's shape; thrown inside these routes only. */
class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly descriptions: string[],
  ) {
    super(descriptions.join('; '));
  }
}

type Format = 'json' | 'xml';
const formatOf = (request: FastifyRequest): Format => (/\.xml(\?|$)/.test(request.url) ? 'xml' : 'json');

function send(reply: FastifyReply, format: Format, root: string, item: string, rows: readonly object[], status = 200): FastifyReply {
  reply.code(status);
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(toXml(root, item, rows as Record<string, unknown>[]));
  return reply.type('application/json; charset=utf-8').send(rows);
}

const sendErrors = (reply: FastifyReply, format: Format, status: number, descriptions: string[]) =>
  send(
    reply,
    format,
    'errors',
    'error',
    descriptions.map((description) => ({ code: status, description })),
    status,
  );

const ANY_FORMAT = (p: { format?: string }) => {
  if (p.format !== 'json' && p.format !== 'xml') throw new Open311Error(404, ['formats are .json and .xml']);
};

const DAY_MS = 24 * 3600_000;

/**
 * Open311 GeoReport v2 at /open311/v2 (docs/open311.md). These routes answer in the standard's
 * shapes — errors too, as `[{code, description}]` rather than our problem details — because the
 * clients are stock citizen-reporting apps that parse only what the standard says (docs/open311.md).
 * Secure by default: filing needs an `api_key`, and so does reading unless the deployment opts into
 * public reads; callers' phone and e-mail are stored for call-backs and never served.
 */
export async function open311Routes(app: FastifyInstance, opts: Open311Options): Promise<void> {
  const { pool, write } = opts;
  // Most Open311 clients POST form fields; JSON is parsed by Fastify as usual.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.setErrorHandler((err: Error & { statusCode?: number }, request, reply) => {
    if (err instanceof Open311Error) return sendErrors(reply, formatOf(request), err.status, err.descriptions);
    if (err instanceof CityopsError) return sendErrors(reply, formatOf(request), err.status, [err.message]);
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return sendErrors(reply, formatOf(request), err.statusCode, [err.message]);
    request.log.error({ err }, 'unhandled error in Open311');
    return sendErrors(reply, formatOf(request), 500, ['internal error']);
  });
  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    sendErrors(reply, formatOf(request), 404, [`no such Open311 resource: ${request.method} ${request.url.split('?')[0]}`]);
  app.setNotFoundHandler(notFound);
  // The web UI's SPA fallback (`/*`, app.ts) would otherwise answer unknown Open311 paths first.
  // Not an operation: left out of /api/openapi.json.
  app.all('/*', { schema: { hide: true }, config: { access: 'public' } }, notFound);

  async function authorise(request: FastifyRequest, key: string | undefined, reading: boolean): Promise<string> {
    if (reading && opts.publicRead) return 'open311:public';
    const caller = await checkOpen311Key(pool, opts.sharedKey, key ?? apiKeyFromHeaders(request.headers));
    if (!caller.ok) throw new Open311Error(caller.status, [caller.description]);
    return caller.actor;
  }
  const query = (request: FastifyRequest) => request.query as Record<string, string | undefined>;
  const config = { access: 'public' as const }; // each handler checks the api_key itself (authorise)
  // The standard's documents, in JSON or XML by the path's extension; the key is a parameter.
  const open311Doc = (summary: string, root: string, code = 200) => ({
    summary,
    security: [{ apiKey: [] }],
    response: {
      [code]: {
        description: `GeoReport v2 ${root}, as JSON (.json) or XML (.xml)`,
        content: { 'application/json': { schema: { type: 'array', items: { type: 'object' } } }, 'text/xml': { schema: { type: 'string' } } },
      },
    },
  });

  app.get<{ Params: { format: string } }>(
    '/services.:format',
    { config, schema: open311Doc('Open311 GeoReport v2: the service list (hotline categories)', 'services') },
    async (request, reply) => {
      ANY_FORMAT(request.params);
      await authorise(request, query(request).api_key, true);
      return send(reply, formatOf(request), 'services', 'service', open311Services(langOf(query(request).locale)));
    },
  );

  app.get<{ Params: { format: string } }>(
    '/requests.:format',
    { config, schema: open311Doc('Open311 GeoReport v2: service requests (tickets), filtered', 'service_requests') },
    async (request, reply) => {
      ANY_FORMAT(request.params);
      const q = query(request);
      await authorise(request, q.api_key, true);
      const list = (v: string | undefined) =>
        v
          ? v
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : undefined;
      const date = (name: string): Date | undefined => {
        const v = q[name];
        if (v === undefined) return undefined;
        const ms = Date.parse(v);
        if (!Number.isFinite(ms)) throw new Open311Error(400, [`${name} is not a W3C date-time`]);
        return new Date(ms);
      };
      const ids = list(q.service_request_id)?.map(Number);
      if (ids?.some((id) => !Number.isSafeInteger(id) || id < 1)) throw new Open311Error(400, ['service_request_id must be numbers']);
      const statuses = list(q.status);
      if (statuses?.some((s) => s !== 'open' && s !== 'closed')) throw new Open311Error(400, ['status is open or closed']);
      // The standard: asked by id, other filters are ignored; otherwise the last 90 days, at most 1000.
      const now = new Date();
      const filter = ids
        ? { ids, open311Visible: true, limit: 1000 }
        : {
            open311Visible: true,
            limit: 1000,
            serviceCodes: list(q.service_code),
            states: statuses?.flatMap(statesOf) as TicketState[] | undefined,
            createdFrom: date('start_date') ?? (q.end_date ? undefined : new Date(now.getTime() - 90 * DAY_MS)),
            createdTo: date('end_date'),
          };
      const tickets = await listTickets(pool, filter, now);
      const notes = await latestTicketNotes(
        pool,
        tickets.map((t) => t.id),
      );
      const lang = langOf(q.locale);
      return send(
        reply,
        formatOf(request),
        'service_requests',
        'request',
        tickets.map((t) => serviceRequestOf(t, notes.get(t.id) ?? null, lang)),
      );
    },
  );

  app.get<{ Params: { id: string; format: string } }>(
    '/requests/:id.:format',
    { config, schema: open311Doc('Open311 GeoReport v2: one service request', 'service_requests') },
    async (request, reply) => {
      ANY_FORMAT(request.params);
      await authorise(request, query(request).api_key, true);
      const id = Number(request.params.id);
      const [ticket] = Number.isSafeInteger(id) && id > 0 ? await listTickets(pool, { ids: [id], open311Visible: true }, new Date()) : [];
      if (!ticket) throw new Open311Error(404, [`no service request ${request.params.id}`]);
      const notes = await latestTicketNotes(pool, [ticket.id]);
      return send(reply, formatOf(request), 'service_requests', 'request', [
        serviceRequestOf(ticket, notes.get(ticket.id) ?? null, langOf(query(request).locale)),
      ]);
    },
  );

  app.post<{ Params: { format: string } }>(
    '/requests.:format',
    { config, schema: open311Doc('Open311 GeoReport v2: file a service request (opens a hotline ticket)', 'service_requests', 201) },
    async (request, reply) => {
      ANY_FORMAT(request.params);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const actor = await authorise(request, typeof body.api_key === 'string' ? body.api_key : undefined, false);
      const parsed = parseOpen311Post(body);
      if (parsed.errors) throw new Open311Error(400, parsed.errors);
      const ticket = await write('ticket.opened', (db, at) => createTicket(db, parsed.value.intake, { actor, source: 'open311' }, at));
      const lang = langOf(query(request).locale ?? body.locale);
      return send(
        reply,
        formatOf(request),
        'service_requests',
        'request',
        [{ service_request_id: String(ticket.id), service_notice: serviceNotice(ticket.line, lang), account_id: null }],
        201,
      );
    },
  );
}
