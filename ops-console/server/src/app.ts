import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import type { Logger } from 'pino';
import { OPEN311_BASE } from '@cityops/contracts';
import type { BrokerDeviceAccounts, Pool } from '@cityops/db';
import type { AlertingCommands } from '@cityops/alerting';
import type { ConsoleConfig } from './config.ts';
import { registerProblemDetails } from './plugins/problem-details.ts';
import { registerSessions } from './plugins/sessions.ts';
import { registerOriginCheck } from './plugins/origin-check.ts';
import { registerRouteTable } from './plugins/route-table.ts';
import { registerSecurityHeaders } from './plugins/security-headers.ts';
import { basemapConfigOrigins } from './security/basemap-origins.ts';
import { isApiPath } from './security/api-path.ts';
import { consoleLinkOf } from './console-link.ts';
import { authRoutes } from './routes/auth-routes.ts';
import { deviceRoutes } from './routes/device-routes.ts';
import { incidentRoutes } from './routes/incident-routes.ts';
import { alertingRoutes } from './routes/alerting-routes.ts';
import { ticketRoutes } from './routes/ticket-routes.ts';
import { apiKeyRoutes } from './routes/api-key-routes.ts';
import { notificationRoutes } from './routes/notification-routes.ts';
import { agencyRoutes } from './routes/agency-routes.ts';
import { registerApiKeyAuth } from './plugins/api-key-auth.ts';
import { open311Routes } from './open311/open311-routes.ts';
import { citizenStatusRoutes } from './citizen-status/status-routes.ts';
import { ticketWriter } from './tickets/ticket-writes.ts';
import { buildingRoutes } from './routes/building-routes.ts';
import { replayRoutes } from './routes/replay-routes.ts';
import { historyRoutes } from './routes/history-routes.ts';
import { queueRoutes } from './routes/queue-routes.ts';
import { transitRoutes } from './routes/transit-routes.ts';
import { healthRoutes, type HealthProbes } from './routes/health-routes.ts';
import { searchRoutes } from './routes/search-routes.ts';
import { userRoutes } from './routes/user-routes.ts';
import { auditRoutes } from './routes/audit-routes.ts';
import { handoverRoutes } from './routes/handover-routes.ts';
import { registerAuditTrail } from './audit/audit-trail.ts';
import { registerOpenApi } from './openapi/openapi-plugin.ts';

export interface AppDeps {
  config: ConsoleConfig;
  pool: Pool;
  /** What people do to alerting: incident lifecycle, rules, silences (over the database). */
  alerting: AlertingCommands;
  log: Logger;
  probes: HealthProbes;
  metrics: () => Promise<string>;
  /** Called after a route committed events (tickets): in one process, wakes alerting and the realtime reader. */
  onCommitted?: () => void;
  /** The external broker's device accounts (Mosquitto dynamic security), created with each device. */
  deviceAccounts?: BrokerDeviceAccounts;
  /** How long a dead-lettered notification sent again is retried (the notifier's give-up time; default 10 min). */
  resendGiveUpAfterMs?: number;
}

/** A proxy's `X-Request-Id` when it is a plain token (nothing to inject into a log line), else a new one. */
export function requestIdOf(req: { headers: Record<string, string | string[] | undefined> }): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[A-Za-z0-9._:-]{1,64}$/.test(given) ? given : randomUUID();
}

/** Builds the console's HTTP app without listening, so tests drive it with `inject()`. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log.child({ component: 'console' }) as FastifyBaseLogger,
    // Per-request lines would drown the log of a wall that polls; errors are still logged.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    // Forwarding headers are believed only from the proxies named: anyone else could pick the
    // address the sign-in throttle counts them under.
    trustProxy: deps.config.trustedProxies.length > 0 ? [...deps.config.trustedProxies] : false,
    bodyLimit: 256 * 1024,
    // Every request's log lines carry `requestId`, and so does its answer (`X-Request-Id`): an operator
    // finds the lines of the request a user reports. A proxy's id is kept when it is a plain token.
    requestIdHeader: false,
    genReqId: requestIdOf,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', strict: false } },
  });
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-request-id', request.id);
    return payload;
  });
  registerRouteTable(app);
  // Before any route: the description is built from the routes as they are declared.
  await registerOpenApi(app);
  registerProblemDetails(app);
  registerSecurityHeaders(app, {
    mapOrigins: [...new Set([...deps.config.mapOrigins, ...basemapConfigOrigins(deps.config.webDist)])],
    mediaOrigins: deps.config.mediaOrigins,
  });
  // JSON only: a text/plain body is what a cross-site form or no-cors fetch can send without asking.
  app.removeContentTypeParser('text/plain');
  await app.register(cookie);
  const link = consoleLinkOf(app.server);
  link.allowedOrigins = new Set(deps.config.allowedOrigins);
  registerOriginCheck(app, deps.config.allowedOrigins);
  registerSessions(app, deps.pool);
  const audit = registerAuditTrail(app, deps.pool);
  authRoutes(app, { pool: deps.pool, secureCookies: deps.config.secureCookies, sessionHours: deps.config.sessionHours, link, audit });
  userRoutes(app, { pool: deps.pool, link });
  auditRoutes(app, { pool: deps.pool });
  deviceRoutes(app, { pool: deps.pool, accounts: deps.deviceAccounts });
  searchRoutes(app, { pool: deps.pool });
  handoverRoutes(app, { pool: deps.pool });
  incidentRoutes(app, { pool: deps.pool, alerting: deps.alerting });
  alertingRoutes(app, { alerting: deps.alerting });
  registerApiKeyAuth(app);
  ticketRoutes(app, { pool: deps.pool, units: deps.config.units, ...(deps.onCommitted ? { onCommitted: deps.onCommitted } : {}) });
  apiKeyRoutes(app, { pool: deps.pool });
  notificationRoutes(app, { pool: deps.pool, resendGiveUpAfterMs: deps.resendGiveUpAfterMs ?? 600_000 });
  agencyRoutes(app, { pool: deps.pool, ...(deps.onCommitted ? { onCommitted: deps.onCommitted } : {}) });
  // Its own scope: form bodies and the standard's error shape apply to /open311/v2 only.
  await app.register(open311Routes, {
    prefix: OPEN311_BASE,
    pool: deps.pool,
    write: ticketWriter(deps.pool, deps.onCommitted),
    sharedKey: deps.config.open311Key,
    publicRead: deps.config.open311PublicRead,
  });
  // A citizen's page of their one report, reached from the link in their e-mail updates.
  await app.register(citizenStatusRoutes, { prefix: '/status', pool: deps.pool, utcOffsetMinutes: deps.config.utcOffsetMinutes });
  buildingRoutes(app, { pool: deps.pool });
  replayRoutes(app, { pool: deps.pool });
  // History, ranking and ridership from the rollups.
  historyRoutes(app, { pool: deps.pool });
  queueRoutes(app, { pool: deps.pool });
  transitRoutes(app, { pool: deps.pool });
  healthRoutes(app, { pool: deps.pool, probes: deps.probes, metrics: deps.metrics });

  const dist = deps.config.webDist;
  if (dist && existsSync(join(dist, 'index.html'))) await app.register(webUi, { root: dist });
  return app;
}

/**
 * The built web UI: its files and the SPA fallback, all public, in a scope of their own so that
 * @fastify/static's routes (which take no route config) are declared public here and nowhere else.
 */
async function webUi(scope: FastifyInstance, opts: { root: string }): Promise<void> {
  scope.addHook('onRoute', (route) => {
    route.config = { ...route.config, access: 'public' };
    // Files of the web UI, not operations of the API: left out of /api/openapi.json.
    route.schema = { ...route.schema, hide: true };
  });
  await scope.register(fastifyStatic, { root: opts.root, wildcard: false, index: 'index.html' });
  // Client-side routes get index.html; anything that spells an API path gets the JSON 404, judged
  // on the decoded path, never on how the URL was written.
  scope.get('/*', async (request, reply) => {
    if (isApiPath(request.url) || isApiPath(`/${(request.params as { '*'?: string })['*'] ?? ''}`)) return reply.callNotFound();
    return reply.sendFile('index.html');
  });
}
