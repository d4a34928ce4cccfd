import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { Health, type ReaderLag } from '@cityops/contracts';
import { readerLag, type Pool } from '@cityops/db';
import { mediaOf, ok } from '../openapi/responses.ts';

export interface HealthProbes {
  brokerUp: () => boolean;
  timescale: boolean;
  version: string;
  /** This process's gateway: messages received and not committed, and when it last committed (epoch ms). */
  ingest?: () => { pending: number; lastCommitAt: number };
  /** The last event-log id each reader has handled (alerting's durable offset, the realtime cursor). */
  readers?: () => Promise<Record<string, number>>;
  now?: () => number;
}

/** Messages waiting this long with no commit: ingest is stuck, whatever the database says. */
export const INGEST_STALL_MS = 15_000;
/** A reader whose oldest unread event is this old is not keeping up. */
export const READER_LAG_LIMIT_S = 30;

async function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Readiness from the probes: what is down or behind, in words an operator can act on. */
export async function checkHealth(pool: Pool, probes: HealthProbes): Promise<Health> {
  const now = (probes.now ?? Date.now)();
  const problems: string[] = [];
  // 5 s: on the embedded database a probe queues behind whatever holds its one connection (a large
  // batch under load takes seconds); longer than that, it is not answering.
  const database = await within(pool.query('SELECT 1'), 5000).then(
    () => 'up' as const,
    () => 'down' as const,
  );
  if (database === 'down') problems.push('the database does not answer');
  const broker = probes.brokerUp() ? ('up' as const) : ('down' as const);
  if (broker === 'down') problems.push('the MQTT broker is not connected');
  const body: Health = { status: 'ok', database, broker, timescale: probes.timescale, version: probes.version };
  if (probes.ingest) {
    const { pending, lastCommitAt } = probes.ingest();
    const stalled = pending > 0 && now - lastCommitAt > INGEST_STALL_MS;
    body.ingest = stalled ? 'stalled' : 'ok';
    body.ingestPending = pending;
    if (stalled) problems.push(`ingest has committed nothing for ${Math.round((now - lastCommitAt) / 1000)} s while ${pending} messages wait`);
  }
  if (probes.readers && database === 'up') {
    const readers: Record<string, ReaderLag> = {};
    try {
      for (const [name, lastId] of Object.entries(await within(probes.readers(), 2000))) {
        const lag = await within(readerLag(pool, lastId), 2000);
        readers[name] = lag;
        if (lag.lagSeconds > READER_LAG_LIMIT_S) problems.push(`${name} is ${Math.round(lag.lagSeconds)} s behind the event log (${lag.behind} events)`);
      }
      body.readers = readers;
    } catch {
      problems.push('the event-log readers could not be checked');
    }
  }
  if (problems.length > 0) {
    body.status = 'degraded';
    body.problems = problems;
  }
  return body;
}

export function healthRoutes(app: FastifyInstance, opts: { pool: Pool; probes: HealthProbes; metrics: () => Promise<string> }): void {
  const readiness = async (_request: FastifyRequest, reply: FastifyReply) => {
    const body = await checkHealth(opts.pool, opts.probes);
    return reply.code(body.status === 'ok' ? 200 : 503).send(body);
  };
  const readinessSchema = (summary: string) => ({
    summary,
    response: { ...ok(Health), 503: { ...Health, description: 'Not ready: what is wrong, in words an operator can act on' } },
  });
  // Readiness: send traffic here only while the database and broker answer and the readers keep up.
  app.get('/api/health', { schema: readinessSchema('Health: database, broker, ingest, readers (503 when not ok)'), config: { access: 'public' } }, readiness);
  app.get(
    '/api/health/ready',
    { schema: readinessSchema('Readiness (503 while the database or broker is down or a reader lags)'), config: { access: 'public' } },
    readiness,
  );
  // Liveness: the process answers. An orchestrator restarts a process that does not; a database
  // outage is not a reason to restart the console (it recovers by itself when the database is back).
  app.get(
    '/api/health/live',
    {
      schema: { summary: 'Liveness: the process answers (never looks at the database)', response: ok(Type.Object({ status: Type.Literal('alive') })) },
      config: { access: 'public' },
    },
    async () => ({ status: 'alive' as const }),
  );

  // Prometheus text exposition format 0.0.4.
  app.get(
    '/metrics',
    {
      schema: { summary: 'Prometheus metrics', response: mediaOf(200, 'text/plain; version=0.0.4', 'Prometheus text exposition') },
      config: { access: 'public' },
    },
    async (_request, reply) => reply.type('text/plain; version=0.0.4; charset=utf-8').send(await opts.metrics()),
  );
}
