import type { Logger } from 'pino';
import { createApiKey, listApiKeys, revokeApiKey, type Pool } from '@cityops/db';
import { loadAreas, runHotline, type HotlineHandle } from '@cityops/simulators';

/** The name of the simulated call centre's key, so a restart can find and revoke the last one. */
export const SIMULATED_CALL_CENTRE = 'Tổng đài 1022 mô phỏng (simulated call centre)';

/**
 * Starts the simulated call centre against the running console: an API key with scope `tickets`
 * is issued at each start like an admin would for a real call-centre system (the previous run's is
 * revoked, so only one is ever live), and tickets go over the REST API like any integration's.
 */
export async function startHotlineSimulation(pool: Pool, opts: { port: number; rate: number; log: Logger }): Promise<HotlineHandle> {
  for (const old of await listApiKeys(pool)) if (old.name === SIMULATED_CALL_CENTRE && old.revokedAt === null) await revokeApiKey(pool, old.id);
  const { key } = await createApiKey(pool, { name: SIMULATED_CALL_CENTRE, scopes: ['tickets'] }, 'cityops');
  return runHotline({ baseUrl: `http://127.0.0.1:${opts.port}`, apiKey: key, areas: loadAreas().areas, rate: opts.rate, log: opts.log });
}
