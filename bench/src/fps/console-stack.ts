import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { hashPassword, openServerScratchDatabase, upsertUser, type Pool } from '@cityops/db';
import { BENCH_STATUSES, deviceId, fleetPositions } from './fleet.ts';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');
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
  const dataDir = mkdtempSync(join(tmpdir(), 'cityops-fps-'));
  let child: ChildProcess | undefined;
  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if (!(await exited(child, 10_000))) {
        child.kill('SIGKILL');
        await exited(child, 5_000);
      }
    }
    await db.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
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

    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: db.connectionString, PORT: '0', CITYOPS_MQTT_PORT: '0', CITYOPS_SIMULATE: '0', CITYOPS_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    delete env.MQTT_URL;
    const proc = spawn(process.execPath, ['--import', 'tsx', 'cli/src/main.ts', 'start'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let out = '';
    proc.stdout!.on('data', (c: Buffer) => (out = (out + c.toString('utf8')).slice(-20_000)));
    proc.stderr!.on('data', (c: Buffer) => (out = (out + c.toString('utf8')).slice(-20_000)));
    const consoleUrl = await new Promise<string>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`cityops did not start within 90 s\n${out.slice(-3000)}`)), 90_000);
      const check = () => {
        const m = /cityops console:\s+(http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          res(m[1]!);
        }
      };
      proc.stdout!.on('data', check);
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        rej(new Error(`cityops exited during startup (code ${code}, signal ${signal})\n${out.slice(-3000)}`));
      });
    });
    let k = 0;
    return {
      consoleUrl, username, password, pool: db.pool, pid: proc.pid!, stop,
      async publishUpdates(count) {
        const ids: string[] = [];
        const statuses: string[] = [];
        for (let j = 0; j < count; j++, k++) {
          // A stride coprime with n walks every device before repeating one.
          ids.push(deviceId((k * 7919) % n));
          statuses.push(BENCH_STATUSES[(k >> 3) % 2]!);
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

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((res) => {
    const timer = setTimeout(() => res(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      res(true);
    });
  });
}
