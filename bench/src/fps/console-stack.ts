import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { REPO_ROOT, startStack, type RunningStack } from '@cityops/e2e';
import { hashPassword, openServerScratchDatabase, upsertUser, type Pool } from '@cityops/db';
import { BENCH_STATUSES, deviceId, fleetPositions } from './fleet.ts';
import { prng } from '../prng.ts';

export const WEB_INDEX = join(REPO_ROOT, 'ops-console', 'web', 'dist', 'index.html');
/** An area per district-sized block, so the area filter has something to list. */
const AREAS = 30;

export interface ConsoleStack {
  consoleUrl: string;
  username: string;
  password: string;
  pool: Pool;
  pid: number;
  /** Appends `count` `device.status` rows to the event log, as the gateway does after a commit. */
  publishUpdates(count: number): Promise<void>;
  /** The newest event-log id: the sseq a client that kept up would have applied. */
  latestSseq(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The real console: a scratch database on the machine's PostgreSQL holding `n` devices (one bulk
 * INSERT: provisioning 50,000 devices one by one would take minutes and measure nothing here), and
 * `cityops start` as a child process on free ports, simulator off. Updates go into the event log,
 * which the console's realtime server tails and streams as `device:status`.
 */
export async function startConsoleStack(n: number, log: Logger): Promise<ConsoleStack> {
  if (!existsSync(WEB_INDEX)) throw new Error(`no ${WEB_INDEX}: run npm run build:web first`);
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const db = await openServerScratchDatabase(adminUrl, log, { prefix: 'cityops_fps', poolMax: 2, applicationName: 'cityops-fps-bench' }).catch((err: Error) => {
    throw new Error(`the fps bench needs PostgreSQL (DATABASE_URL, default ${new URL(adminUrl).host}): ${err.message}`);
  });
  let stack: RunningStack | undefined;
  const stop = async () => {
    await stack?.stop();
    await db.close().catch(() => undefined);
  };
  try {
    const pos = fleetPositions(n);
    const lons = Array.from({ length: n }, (_, i) => pos[i * 2]!);
    const lats = Array.from({ length: n }, (_, i) => pos[i * 2 + 1]!);
    await db.pool.query(
      `INSERT INTO devices (id, kind, name, lat, lon, area, secret_hash, status)
       SELECT 'BF-' || lpad((t.i - 1)::text, 6, '0'), CASE WHEN t.i % 5 = 0 THEN 'fire' ELSE 'camera' END,
              'bench ' || (t.i - 1), t.lat, t.lon, 'Khu ' || lpad(((t.i - 1) % $3)::text, 2, '0'), 'bench-no-login', 'online'
       FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS t(lat, lon, i)`,
      [lats, lons, AREAS],
    );
    const username = 'fpsbench';
    const password = `fps-${Math.random().toString(36).slice(2, 12)}`;
    await upsertUser(db.pool, { username, role: 'viewer', passwordHash: await hashPassword(password) });

    const proc = await startStack({ simulate: false, databaseUrl: db.connectionString, env: { LOG_LEVEL: 'warn' }, startTimeoutMs: 90_000 });
    stack = proc;
    const consoleUrl = proc.consoleUrl;
    let k = 0;
    // A coin per update, as on the bare page: about half of them change a colour. (A status derived
    // from k repeated itself on every pass over the fleet, so after the first pass nothing changed.)
    const coin = prng(11);
    return {
      consoleUrl,
      username,
      password,
      pool: db.pool,
      pid: proc.pid,
      stop,
      async latestSseq() {
        return Number((await db.pool.query('SELECT coalesce(max(id), 0)::int8 AS id FROM event_log')).rows[0].id);
      },
      async publishUpdates(count) {
        const ids: string[] = [];
        const statuses: string[] = [];
        for (let j = 0; j < count; j++, k++) {
          // A stride coprime with n walks every device before repeating one.
          ids.push(deviceId((k * 7919) % n));
          statuses.push(BENCH_STATUSES[coin() < 0.5 ? 0 : 1]!);
        }
        await db.pool.query(
          `INSERT INTO event_log (topic, payload)
           SELECT 'device.status', jsonb_build_object('id', d.id, 'kind', d.kind, 'status', u.status, 'lat', d.lat, 'lon', d.lon, 'area', d.area, 'at', now())
           FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(id, status, ord) JOIN devices d ON d.id = u.id ORDER BY u.ord`,
          [ids, statuses],
        );
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
