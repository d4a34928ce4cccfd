import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { createUser, insertTelemetry, provisionDevice, refreshAllRollups, withTransaction, type StoredTelemetry } from '@cityops/db';
import { openTestDatabase, type TestDatabase } from '@cityops/db/src/testing/test-database.ts';
import { startAlerting, type Alerting } from '@cityops/alerting';
import { buildApp } from './app.ts';
import { readConsoleConfig } from './config.ts';

// History over HTTP: history of every stream, the one-stop-shop ranking and ridership,
// on both database paths (continuous aggregates, then materialized; plain views on PostgreSQL).
let db: TestDatabase;
let app: FastifyInstance;
let alerting: Alerting;
let cookie: string;
const PASSWORD = 'correct horse battery';
const MIN = 60_000;
/** An hour three days ago: older than every refresh window, so only real-time aggregation or a refresh shows it. */
const H = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 72 * 3_600_000;
const at = (m: number) => new Date(H + m * MIN).toISOString();

const rows: StoredTelemetry[] = [
  { kind: 'camera', deviceId: 'CAM-H1', seq: 1, tsMs: H + 1 * MIN, area: 'A1', payload: { ts: 0, seq: 1, status: 'online' } },
  { kind: 'camera', deviceId: 'CAM-H1', seq: 2, tsMs: H + 2 * MIN, area: 'A1', payload: { ts: 0, seq: 2, status: 'offline' } },
  { kind: 'camera', deviceId: 'CAM-H1', seq: 3, tsMs: H + 6 * MIN, area: 'A1', payload: { ts: 0, seq: 3, status: 'online' } },
  { kind: 'camera', deviceId: 'CAM-H2', seq: 1, tsMs: H + 1 * MIN, area: 'A2', payload: { ts: 0, seq: 1, status: 'tampered' } },
  { kind: 'fire', deviceId: 'FA-H1', seq: 1, tsMs: H + 3 * MIN, area: 'A1', payload: { ts: 0, seq: 1, event: 'alarm' } },
  { kind: 'fire', deviceId: 'FA-H1', seq: 2, tsMs: H + 4 * MIN, area: 'A1', payload: { ts: 0, seq: 2, event: 'fault' } },
  {
    kind: 'transit',
    deviceId: 'TR-H1',
    seq: 1,
    tsMs: H + 1 * MIN,
    area: 'A1',
    payload: { ts: 0, seq: 1, token: 'h1', result: 'accepted', routeId: 'R1', stopId: 'S1', fareVnd: 7000, lat: 21.0, lon: 105.8 },
  },
  {
    kind: 'transit',
    deviceId: 'TR-H1',
    seq: 2,
    tsMs: H + 2 * MIN,
    area: 'A1',
    payload: { ts: 0, seq: 2, token: 'h2', result: 'rejected', routeId: 'R1', stopId: 'S1', lat: 21.2, lon: 105.8 },
  },
  {
    kind: 'transit',
    deviceId: 'TR-H2',
    seq: 1,
    tsMs: H + 7 * MIN,
    area: 'A2',
    payload: { ts: 0, seq: 1, token: 'h3', result: 'accepted', routeId: 'R2', stopId: 'S2', fareVnd: 8000 },
  },
  {
    kind: 'queue',
    deviceId: 'Q-H1',
    seq: 1,
    tsMs: H + 1 * MIN,
    area: 'A1',
    payload: { ts: 0, seq: 1, waiting: 10, serving: 2, countersOpen: 3, avgWaitSec: 600, satisfactionPct: 80 },
  },
  {
    kind: 'queue',
    deviceId: 'Q-H1',
    seq: 2,
    tsMs: H + 2 * MIN,
    area: 'A1',
    payload: { ts: 0, seq: 2, waiting: 20, serving: 4, countersOpen: 3, avgWaitSec: 1200 },
  },
  {
    kind: 'queue',
    deviceId: 'Q-H2',
    seq: 1,
    tsMs: H + 3 * MIN,
    area: 'A2',
    payload: { ts: 0, seq: 1, waiting: 5, serving: 1, countersOpen: 1, avgWaitSec: 300, satisfactionPct: 90 },
  },
];

async function get(url: string, as = cookie) {
  const res = await app.inject({ url, headers: as ? { cookie: as } : {} });
  return { status: res.statusCode, body: res.json() };
}

beforeAll(async () => {
  db = await openTestDatabase();
  await createUser(db.pool, 'viewer', 'viewer', PASSWORD);
  await provisionDevice(db.pool, { id: 'Q-H1', kind: 'queue', lat: 21.03, lon: 105.85, area: 'A1', name: 'Bộ phận một cửa phường mẫu 1' });
  await provisionDevice(db.pool, { id: 'Q-H2', kind: 'queue', lat: 21.04, lon: 105.86, area: 'A2', name: 'Bộ phận một cửa phường mẫu 2' });
  await withTransaction(db.pool, (c) => insertTelemetry(c, rows));
  await db.pool.query(
    // Backdated rows without line_since: the schema starts each report's clock at its creation.
    `INSERT INTO tickets (line, category, description, lat, lon, state, created_at, updated_at, forwarded_at)
     VALUES ('1022', 'environment', 'Rác thải', 21.03, 105.85, 'forwarded', $1, $2, $2),
             ('113', 'security', 'Gây rối', 21.03, 105.85, 'received', $3, $3, NULL)`,
    [at(1), at(3), at(2)],
  );
  await db.pool.query(
    `INSERT INTO incidents (kind, severity, state, dedup_key, title, area, opened_at, acknowledged_at, resolved_at, last_occurred_at)
     VALUES ('fire_alarm', 'critical', 'resolved', 'h-test', 'Báo cháy', 'A1', $1, $2, $3, $1)`,
    [at(1), at(2), at(8)],
  );
  const log = pino({ level: 'silent' });
  alerting = startAlerting({ pool: db.pool, log, pollMs: 3_600_000, tickMs: 3_600_000 });
  app = await buildApp({
    config: readConsoleConfig({}),
    pool: db.pool,
    alerting,
    log,
    metrics: async () => '',
    probes: { brokerUp: () => true, timescale: db.caps.timescale, version: 'test' },
  });
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'viewer', password: PASSWORD } });
  cookie = `cityops_session=${res.cookies.find((c) => c.name === 'cityops_session')!.value}`;
});
afterAll(async () => {
  await app?.close();
  await alerting?.stop();
  await db?.close();
});

/** The same answers before and after the continuous aggregates are materialized (TimescaleDB only). */
const phases = () => (db.caps.timescale ? ['real-time', 'materialized'] : ['plain views']);
async function enter(phase: string): Promise<void> {
  if (phase === 'materialized') await refreshAllRollups(db.pool, new Date());
}

describe('GET /api/history/{stream}', () => {
  it('answers every stream from the rollups, the same before and after materializing', async () => {
    for (const phase of phases()) {
      await enter(phase);
      await expectEveryStream();
    }
  });
});

async function expectEveryStream(): Promise<void> {
  {
    const range = `from=${at(0)}&to=${at(10)}&bucket=5m`;

    const cameras = await get(`/api/history/cameras?${range}&area=A1`);
    expect(cameras.body).toMatchObject({ stream: 'cameras', bucket: '5m', bucketSeconds: 300, from: at(0), to: at(10), areas: ['A1'] });
    expect(cameras.body.points).toEqual([
      { bucket: at(0), reports: 2, online: 1, offline: 1, degraded: 0, tampered: 0, onlinePct: 50 },
      { bucket: at(5), reports: 1, online: 1, offline: 0, degraded: 0, tampered: 0, onlinePct: 100 },
    ]);
    const hourly = await get(`/api/history/cameras?from=${at(0)}&to=${at(60)}&bucket=1h`);
    expect(hourly.body.points).toEqual([{ bucket: at(0), reports: 4, online: 2, offline: 1, degraded: 0, tampered: 1, onlinePct: 50 }]);

    expect((await get(`/api/history/fire?${range}`)).body.points).toEqual([{ bucket: at(0), events: 2, alarms: 1, troubles: 1 }]);
    expect((await get(`/api/history/transit?${range}`)).body.points).toEqual([
      { bucket: at(0), taps: 2, accepted: 1, rejected: 1, fareVnd: 7000 },
      { bucket: at(5), taps: 1, accepted: 1, rejected: 0, fareVnd: 8000 },
    ]);
    // Office means 15 (Q-H1) and 5 (Q-H2) waiting; p90 over office mean waits 900 and 300 s = 840.
    expect((await get(`/api/history/queues?${range}`)).body.points).toEqual([
      {
        bucket: at(0),
        offices: 2,
        reports: 3,
        waiting: 20,
        serving: 4,
        countersOpen: 4,
        avgWaitSec: 700,
        maxWaitSec: 1200,
        p90WaitSec: 840,
        satisfactionPct: 85,
      },
    ]);
    expect((await get(`/api/history/tickets?${range}`)).body.points).toEqual([
      { bucket: at(0), opened: 2, byLine: { '1022': 1, '113': 1 }, byState: { forwarded: 1, received: 1 } },
    ]);
  }
}

describe('GET /api/history/{stream} (kpi, buckets, errors)', () => {
  it('gives the KPI strip one point per bucket, incidents and the hotline evaluated at each bucket end', async () => {
    const kpi = await get(`/api/history/kpi?from=${at(0)}&to=${at(15)}&bucket=5m`);
    expect(kpi.status).toBe(200);
    expect(kpi.body.points).toEqual([
      {
        bucket: at(0),
        camerasOnlinePct: 33.3,
        openIncidents: 1,
        mttaSec: 60,
        qrTapsPerMin: 0.4,
        queueWaiting: 20,
        queueP90WaitSec: 840,
        hotlineCompliancePct: 100,
        messagesPerSecond: 0,
      },
      {
        bucket: at(5),
        camerasOnlinePct: 100,
        openIncidents: 0,
        mttaSec: 60,
        qrTapsPerMin: 0.2,
        queueWaiting: null,
        queueP90WaitSec: null,
        hotlineCompliancePct: 100,
        messagesPerSecond: 0,
      },
      {
        bucket: at(10),
        camerasOnlinePct: null,
        openIncidents: 0,
        mttaSec: 60,
        qrTapsPerMin: null,
        queueWaiting: null,
        queueP90WaitSec: null,
        hotlineCompliancePct: 100,
        messagesPerSecond: null,
      },
    ]);
  });

  it('picks a bucket from the range when none is asked for, on Hà Nội days for 1d', async () => {
    expect((await get(`/api/history/transit?from=${at(0)}&to=${at(60)}`)).body.bucket).toBe('5m');
    const daily = await get(`/api/history/transit?from=${at(-24 * 60)}&to=${at(24 * 60)}&bucket=1d`);
    for (const p of daily.body.points) expect(new Date(p.bucket).getUTCHours()).toBe(17);
    expect(daily.body.points.reduce((n: number, p: { taps: number }) => n + p.taps, 0)).toBe(3);
    expect((await get('/api/history/transit?from=2026-01-01T00:00:00Z&to=2026-12-01T00:00:00Z')).body.bucket).toBe('1d');
  });

  it('refuses bad queries with problem details naming what is wrong', async () => {
    const problem = async (url: string) => {
      const r = await get(url);
      expect(r.status).toBe(400);
      return r.body as { code: string; detail: string };
    };
    expect(await problem(`/api/history/cameras?from=${at(10)}&to=${at(0)}`)).toMatchObject({
      code: 'CITYOPS_HISTORY_QUERY_INVALID',
      detail: expect.stringContaining('must be after from'),
    });
    expect((await problem('/api/history/cameras?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z')).detail).toContain('at most 400 days');
    expect((await problem('/api/history/cameras?bucket=2m')).detail).toContain('bucket must be one of 5m, 1h, 1d');
    expect((await problem('/api/history/cameras?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&bucket=5m')).detail).toContain('at most 3000');
    expect((await problem('/api/history/cameras?from=yesterday')).detail).toContain('RFC 3339');
    expect((await problem('/api/history/tickets?area=A1')).detail).toContain('tickets have no area');
    expect((await problem('/api/history/cameras?area=A1;DROP')).detail).toContain('area takes codes');
    expect(await problem('/api/history/weather')).toMatchObject({ code: 'CITYOPS_REQUEST_INVALID' });
    expect(await problem('/api/history/cameras?limit=5')).toMatchObject({ code: 'CITYOPS_REQUEST_INVALID' });
    expect((await get('/api/history/cameras', '')).body).toMatchObject({ status: 401, code: 'CITYOPS_AUTH_REQUIRED' });
  });
});

describe('GET /api/queues/ranking', () => {
  it('ranks offices and areas over a window, worst first by default', async () => {
    const window = `from=${at(0)}&to=${at(60)}`;
    const byWaiting = await get(`/api/queues/ranking?${window}`);
    expect(byWaiting.body).toMatchObject({ level: 'office', by: 'waiting', order: 'desc', from: at(0), to: at(60) });
    expect(byWaiting.body.items).toEqual([
      {
        rank: 1,
        id: 'Q-H1',
        name: 'Bộ phận một cửa phường mẫu 1',
        area: 'A1',
        offices: 1,
        reports: 2,
        waiting: 15,
        maxWaiting: 20,
        serving: 3,
        countersOpen: 3,
        avgWaitSec: 900,
        maxWaitSec: 1200,
        satisfactionPct: 80,
      },
      {
        rank: 2,
        id: 'Q-H2',
        name: 'Bộ phận một cửa phường mẫu 2',
        area: 'A2',
        offices: 1,
        reports: 1,
        waiting: 5,
        maxWaiting: 5,
        serving: 1,
        countersOpen: 1,
        avgWaitSec: 300,
        maxWaitSec: 300,
        satisfactionPct: 90,
      },
    ]);
    const bySatisfaction = await get(`/api/queues/ranking?${window}&by=satisfaction`);
    expect(bySatisfaction.body.order).toBe('asc');
    expect(bySatisfaction.body.items.map((i: { id: string }) => i.id)).toEqual(['Q-H1', 'Q-H2']);
    const areas = await get(`/api/queues/ranking?${window}&level=area&by=avgWait&order=asc&limit=1`);
    expect(areas.body.items).toEqual([
      {
        rank: 1,
        id: 'A2',
        name: null,
        area: 'A2',
        offices: 1,
        reports: 1,
        waiting: 5,
        maxWaiting: 5,
        serving: 1,
        countersOpen: 1,
        avgWaitSec: 300,
        maxWaitSec: 300,
        satisfactionPct: 90,
      },
    ]);
    expect((await get(`/api/queues/ranking?${window}&area=A2`)).body.items.map((i: { id: string }) => i.id)).toEqual(['Q-H2']);
  });

  it('refuses an unknown metric or level', async () => {
    const r = await get('/api/queues/ranking?by=speed&level=ward');
    expect(r.status).toBe(400);
    expect(r.body.detail).toContain('by must be one of waiting, avgWait, satisfaction');
    expect(r.body.detail).toContain('level must be one of office, area');
  });
});

describe('GET /api/transit/ridership', () => {
  it('answers per route and stop per 5 minutes, newest first, positioned by the taps', async () => {
    const r = await get(`/api/transit/ridership?from=${at(0)}&to=${at(10)}`);
    expect(r.body).toMatchObject({ bucketSeconds: 300, from: at(0), to: at(10), truncated: false });
    expect(r.body.items).toEqual([
      { bucket: at(5), routeId: 'R2', stopId: 'S2', area: 'A2', taps: 1, accepted: 1, rejected: 0, fareVnd: 8000, lat: null, lon: null },
      { bucket: at(0), routeId: 'R1', stopId: 'S1', area: 'A1', taps: 2, accepted: 1, rejected: 1, fareVnd: 7000, lat: 21.1, lon: 105.8 },
    ]);
    expect((await get(`/api/transit/ridership?from=${at(0)}&to=${at(10)}&route=R1`)).body.items).toHaveLength(1);
    const cut = await get(`/api/transit/ridership?from=${at(0)}&to=${at(10)}&limit=1`);
    expect(cut.body).toMatchObject({ truncated: true, items: [{ routeId: 'R2' }] });
    const long = await get('/api/transit/ridership?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z');
    expect(long.body).toMatchObject({ status: 400, code: 'CITYOPS_HISTORY_QUERY_INVALID', detail: expect.stringContaining('at most 7 days') });
  });
});

describe('GET /api/queues/latest', () => {
  it("gives every kiosk's latest stored load, however old, for the map's first frame", async () => {
    const res = await get('/api/queues/latest');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [
        // Its second report (waiting 20) replaced its first; that one carried a satisfaction figure, this one none.
        { id: 'Q-H1', waiting: 20, serving: 4, countersOpen: 3, avgWaitSec: 1200, at: new Date(H + 2 * MIN).toISOString() },
        { id: 'Q-H2', waiting: 5, serving: 1, countersOpen: 1, avgWaitSec: 300, satisfactionPct: 90, at: new Date(H + 3 * MIN).toISOString() },
      ],
    });
    expect((await get('/api/queues/latest', '')).status).toBe(401);
  });
});
