import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import { HTTP_ERRORS, MetricsText, type MetricFamily } from '@cityops/contracts';
import { poolFamilies, type Pool } from '../pool.ts';
import type { MetricsEndpointConfig } from './metrics-endpoint-config.ts';
import { runtimeMetrics } from './runtime-metrics.ts';

export interface MetricsEndpoint {
  /** The port bound (the configured one, or the one picked for 0). */
  port: number;
  close(): Promise<void>;
}

export interface MetricsEndpointOptions {
  config: MetricsEndpointConfig;
  log: Logger;
  pool: Pool;
  /** This process's own families (a gateway's, alerting's…), read at each scrape. */
  families: () => MetricFamily[];
  /** Whether the process can do its job now (the database answers, the broker is connected…). */
  ready: () => Promise<boolean>;
}

const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';

function bearerMatches(req: IncomingMessage, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** A problem details answer (RFC 9457) with one of our codes, as the console's API gives them. */
function problem(res: ServerResponse, code: keyof typeof HTTP_ERRORS, extra: Record<string, string> = {}): void {
  const { status, title } = HTTP_ERRORS[code];
  res.writeHead(status, { 'content-type': 'application/problem+json', ...extra });
  res.end(JSON.stringify({ type: 'about:blank', status, code, title }));
}

/**
 * The HTTP endpoint of a stand-alone process (ingest gateway, alerting, notifier), which has no
 * console to serve its figures: `GET /metrics` (its families, its database pool and the runtime;
 * behind the bearer token when one is set), `GET /health/live` (the process answers) and
 * `GET /health/ready` (503 while it cannot do its job). Nothing else is served.
 */
export async function startMetricsEndpoint(o: MetricsEndpointOptions): Promise<MetricsEndpoint> {
  const runtime = runtimeMetrics();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    // Read-only: any other method finds nothing here.
    if (req.method !== 'GET' && req.method !== 'HEAD') return problem(res, 'CITYOPS_NOT_FOUND');
    if (path === '/health/live') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('{"status":"ok"}');
    }
    if (path === '/health/ready') {
      void o.ready().then(
        (ready) => {
          res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ status: ready ? 'ok' : 'degraded' }));
        },
        () => problem(res, 'CITYOPS_DEPENDENCY_UNAVAILABLE'),
      );
      return;
    }
    if (path !== '/metrics') return problem(res, 'CITYOPS_NOT_FOUND');
    if (o.config.token && !bearerMatches(req, o.config.token)) return problem(res, 'CITYOPS_AUTH_REQUIRED', { 'www-authenticate': 'Bearer' });
    void (async () => {
      const m = new MetricsText();
      for (const f of o.families()) m.family(f);
      for (const f of poolFamilies(o.pool)) m.family(f);
      const body = `${m.toString()}${await runtime()}`;
      res.writeHead(200, { 'content-type': PROMETHEUS_TEXT });
      res.end(req.method === 'HEAD' ? undefined : body);
    })().catch((err: Error) => {
      o.log.warn({ err }, 'metrics could not be collected');
      problem(res, 'CITYOPS_INTERNAL');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`CITYOPS_METRICS_PORT ${o.config.port} is already in use`) : err),
    );
    server.listen(o.config.port, o.config.host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  o.log.info({ host: o.config.host, port, token: o.config.token ? 'required' : 'none' }, 'metrics endpoint listening');
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Whether the database answers `SELECT 1` within `timeoutMs`: the readiness every process shares. */
export async function databaseAnswers(pool: Pool, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    return await Promise.race([
      pool.query('SELECT 1').then(
        () => true,
        () => false,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
