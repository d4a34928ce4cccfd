import type { FastifyInstance } from 'fastify';
import type { Health } from '@cityops/contracts';
import type { Pool } from '@cityops/db';

export interface HealthProbes {
  brokerUp: () => boolean;
  timescale: boolean;
  version: string;
}

async function databaseUp(pool: Pool): Promise<boolean> {
  try {
    await Promise.race([pool.query('SELECT 1'), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000))]);
    return true;
  } catch {
    return false;
  }
}

export function healthRoutes(app: FastifyInstance, opts: { pool: Pool; probes: HealthProbes; metrics: () => Promise<string> }): void {
  app.get('/api/health', { config: { access: 'public' } }, async (_request, reply) => {
    const db = await databaseUp(opts.pool);
    const broker = opts.probes.brokerUp();
    const body: Health = { status: db && broker ? 'ok' : 'degraded', database: db ? 'up' : 'down', broker: broker ? 'up' : 'down', timescale: opts.probes.timescale, version: opts.probes.version };
    return reply.code(db && broker ? 200 : 503).send(body);
  });

  // Prometheus text exposition format 0.0.4.
  app.get('/metrics', { config: { access: 'public' } }, async (_request, reply) =>
    reply.type('text/plain; version=0.0.4; charset=utf-8').send(await opts.metrics()));
}
