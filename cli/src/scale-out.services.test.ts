import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import { telemetryTopic, type CreateDeviceRequest } from '@cityops/contracts';
import { createUser, provisionDevices } from '@cityops/db';
import { openTestDatabase, type TestDatabase } from '@cityops/db/src/testing/test-database.ts';
import { startPrivateMosquitto, type PrivateMosquitto } from '@cityops/ingest-gateway/src/testing/private-mosquitto.ts';
import { startBackgroundLoad, type BackgroundCounts, type BackgroundDevice, type BackgroundLoad } from '@cityops/simulators';
import { ResumingOpsClient } from './testing/resuming-ops-client.ts';
import { startScaleOutCluster, type ScaleOutCluster } from './testing/scale-out-cluster.ts';
import type { ServiceProcess } from './testing/service-process.ts';

/**
 * Scaled out as a city would run it (docker-compose.yml's shape, more of each): two stand-alone
 * ingest gateways and two console replicas, whose gateways share one subscription group, and two
 * alerting processes, one leading and one on standby, on PostgreSQL and Mosquitto with the shipped
 * config. Under 2,000 camera messages a second, with fire alarms arriving throughout, one of each
 * kind of process is killed with SIGKILL in turn and started again. Afterwards: every acknowledged
 * message is stored, none twice; each alarm opened one incident, escalated once per step; and every
 * wall-map client, on either console, got every incident once and its whole stream in order.
 */
const RATE = 2000;
const CAMERAS = 200;
// Panels provisioned; alarms go on every 500 ms until the last restarted process is back (~50–100).
const PANELS = 200;
const ALARM_EVERY_MS = 500;
// Short steps, so every alarm climbs both within the test: in seconds after opening.
const ESCALATION = [
  { afterMs: 3000, notify: 'supervisor' },
  { afterMs: 6000, notify: 'admin' },
] as const;
const PASSWORD = 'scale-out-test-pw';

let db: TestDatabase;
let broker: PrivateMosquitto;
let cluster: ScaleOutCluster;
let load: BackgroundLoad | undefined;
const clients: ResumingOpsClient[] = [];
const panels: MqttClient[] = [];
const figures: string[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const panelId = (k: number) => `FA-SO-${String(k).padStart(3, '0')}`;

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
}

async function signIn(consoleUrl: string, username: string): Promise<string> {
  const res = await fetch(new URL('/api/auth/login', consoleUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.headers.getSetCookie()[0]!.split(';')[0]!;
}

/** A supervisor shortens the fire alarm's escalation steps through the API, as in the rules screen. */
async function shortenFireEscalation(consoleUrl: string): Promise<void> {
  const cookie = await signIn(consoleUrl, 'so-super');
  const headers = { cookie, origin: consoleUrl, 'content-type': 'application/json' };
  const view = (await (await fetch(new URL('/api/rules/fire-alarm', consoleUrl), { headers })).json()) as { rule: Record<string, unknown> };
  const res = await fetch(new URL('/api/rules/fire-alarm', consoleUrl), {
    method: 'PUT',
    headers,
    body: JSON.stringify({ ...view.rule, escalation: ESCALATION }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

/** Kills `p` with SIGKILL, starts it again with the same configuration; how long it was gone. */
async function killAndRestart(p: ServiceProcess, downMs: number): Promise<number> {
  const killedAt = Date.now();
  await p.kill9();
  await sleep(downMs);
  await p.start();
  return Date.now() - killedAt;
}

beforeAll(async () => {
  db = await openTestDatabase();
  // Gateway users 1 and 2 for the stand-alone gateways, 3 for the second console's gateway.
  broker = await startPrivateMosquitto({ gateways: 3 });
  const cameras: CreateDeviceRequest[] = Array.from({ length: CAMERAS }, (_, i) => ({
    id: `CAM-SO-${String(i).padStart(3, '0')}`,
    kind: 'camera',
    lat: 21.0 + i / 1000,
    lon: 105.8,
    area: 'hoan-kiem',
  }));
  const fire: CreateDeviceRequest[] = Array.from({ length: PANELS }, (_, k) => ({
    id: panelId(k),
    kind: 'fire',
    lat: 21.02 + k / 1000,
    lon: 105.85,
    area: 'hoan-kiem',
    address: `Số ${k + 1} Phố Hàng Bạc`,
  }));
  const creds = await provisionDevices(db.pool, [...cameras, ...fire], broker.accounts);
  await createUser(db.pool, 'so-operator', 'viewer', PASSWORD);
  await createUser(db.pool, 'so-super', 'supervisor', PASSWORD);

  cluster = await startScaleOutCluster(db, broker, { gateways: 2, consoles: 2, alerting: 2, alertingTickMs: 250, takeoverMs: 500 });
  await shortenFireEscalation(cluster.consoleUrls[0]!);

  // Two wall maps on each console.
  for (const [i, url] of cluster.consoleUrls.entries()) {
    const cookie = await signIn(url, 'so-operator');
    for (const w of [1, 2]) clients.push(new ResumingOpsClient(`console-${i + 1}/wall-${w}`, url, cookie));
  }
  await until('every wall map connected', 30_000, () => (clients.every((c) => c.connected) ? true : undefined));

  for (const c of creds.filter((d) => d.kind === 'fire'))
    panels.push(
      await mqtt.connectAsync(broker.url, { username: c.username, password: c.password, clientId: c.username, protocolVersion: 5, reconnectPeriod: 0 }),
    );
  const background: BackgroundDevice[] = creds.filter((d) => d.kind === 'camera').map((d) => ({ id: d.id, kind: 'camera', password: d.password }));
  load = await startBackgroundLoad({ url: broker.url, protocolVersion: 5, devices: background, ratePerSec: RATE, processes: 2 });
}, 240_000);

afterAll(async () => {
  await load?.stop();
  for (const c of clients) c.close();
  await Promise.all(panels.map((p) => p.endAsync().catch(() => undefined)));
  await cluster?.stop();
  await broker?.close().catch(() => undefined);
  await db?.close();
  if (figures.length) process.stdout.write(`\nscale-out figures:\n  ${figures.join('\n  ')}\n`);
}, 120_000);

describe('scaled out: two gateways, two consoles, alerting active and standby', () => {
  it('loses nothing, stores nothing twice, opens and escalates each alarm once, and streams every incident to every wall map once, in order, across kill -9 of each', async () => {
    const started = Date.now();
    load!.go();
    // The alarms, one panel each, every 500 ms while the processes are killed around them, and a
    // few seconds beyond the last restart.
    let alarmsUntil = Number.POSITIVE_INFINITY;
    let sent = 0;
    const alarms = (async () => {
      while (Date.now() < alarmsUntil) {
        expect(sent, 'panels left for the alarms').toBeLessThan(PANELS);
        const k = sent++;
        await panels[k]!.publishAsync(telemetryTopic('fire', panelId(k)), JSON.stringify({ ts: Date.now(), seq: 1, event: 'alarm', zone: 'Tầng 3' }), {
          qos: 1,
        });
        const due = started + sent * ALARM_EVERY_MS;
        if (due > Date.now()) await sleep(due - Date.now());
      }
    })();

    // One of each, in turn, each under load and alarms: a gateway, a console, the leading alerting process.
    await sleep(3000);
    figures.push(`gateway-1 killed, back (subscribed) after ${await killAndRestart(cluster.gateways[0]!, 1000)} ms`);
    await sleep(2000);
    figures.push(`console-1 killed, back (listening) after ${await killAndRestart(cluster.consoles[0]!, 1000)} ms`);
    await sleep(2000);
    const leader = cluster.leadingAlerting();
    expect(leader, 'one alerting process leads').toBeDefined();
    const standby = cluster.alerting.find((p) => p !== leader)!;
    const killedAt = Date.now();
    await leader!.kill9();
    await until('the standby to take the lease over', 15_000, () => (cluster.leadingAlerting() === standby ? true : undefined));
    figures.push(`${leader!.spec.name} (leading) killed: ${standby.spec.name} led after ${Date.now() - killedAt} ms`);
    await sleep(1000);
    await leader!.start();
    alarmsUntil = Date.now() + 3000;
    await alarms;
    const alarmCount = sent;
    const counts: BackgroundCounts = await load!.stop();
    const seconds = (Date.now() - started) / 1000;
    figures.push(
      `background: ${counts.acked.toLocaleString('en')} acknowledged of ${counts.sent.toLocaleString('en')} sent in ${seconds.toFixed(1)} s (${Math.round(counts.sent / seconds)} msg/s), ${counts.behind} behind pace`,
    );
    expect(counts.errors).toBe(0);
    expect(counts.acked).toBe(counts.sent);
    // The load really ran at the rate asked.
    expect(counts.sent / seconds).toBeGreaterThan(RATE * 0.85);

    // 0 lost, 0 stored twice: every acknowledged camera message is one row.
    const stored = await until('every acknowledged message to be stored', 90_000, async () => {
      const { rows } = await db.pool.query<{ n: string; distinct: string }>(
        `SELECT count(*) AS n, count(DISTINCT (device_id, seq)) AS distinct FROM camera_status WHERE device_id LIKE 'CAM-SO-%'`,
      );
      return Number(rows[0]!.n) >= counts.acked ? rows[0]! : undefined;
    });
    expect(Number(stored.n)).toBe(counts.acked);
    expect(Number(stored.distinct)).toBe(counts.acked);

    // One stored alarm and one logged fire event per panel, one incident per alarm.
    const { rows: fireRows } = await db.pool.query<{ device_id: string; n: string }>(
      `SELECT device_id, count(*) AS n FROM fire_events GROUP BY device_id ORDER BY device_id`,
    );
    expect(fireRows.map((r) => [r.device_id, Number(r.n)])).toEqual(Array.from({ length: alarmCount }, (_, k) => [panelId(k), 1]));
    const { rows: logged } = await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM event_log WHERE topic = 'fire.event'`);
    expect(Number(logged[0]!.n)).toBe(alarmCount);

    // Each incident climbs both steps, once each, whichever alerting process was leading then.
    const incidents = await until('every alarm to open and climb both escalation steps', 60_000, async () => {
      const { rows } = await db.pool.query<{ id: string; device_id: string; kind: string; escalation_level: number }>(
        `SELECT id, device_id, kind, escalation_level FROM incidents ORDER BY id`,
      );
      return rows.length >= alarmCount && rows.every((r) => r.escalation_level === ESCALATION.length) ? rows : undefined;
    });
    expect(incidents.map((i) => i.kind)).toEqual(Array(alarmCount).fill('fire_alarm'));
    expect(new Set(incidents.map((i) => i.device_id)).size).toBe(alarmCount);
    const { rows: steps } = await db.pool.query<{ incident_id: string; levels: number[] }>(
      `SELECT incident_id, array_agg((data->>'level')::int ORDER BY id) AS levels FROM incident_events WHERE type = 'escalated' GROUP BY incident_id`,
    );
    expect(steps.length).toBe(alarmCount);
    for (const s of steps) expect(s.levels, `escalations of incident ${s.incident_id}`).toEqual([1, 2]);

    // Every wall map: every incident opened, once, in order; its whole stream in sseq order.
    const ids = incidents.map((i) => Number(i.id));
    await until('every wall map to have every incident', 30_000, () => (clients.every((c) => c.opened().length >= alarmCount) ? true : undefined));
    await sleep(500);
    for (const c of clients) {
      expect(c.opened(), `${c.name}: incident:opened`).toEqual(ids);
      const sseqs = c.received.map((e) => e.sseq);
      const outOfOrder = sseqs.findIndex((s, i) => i > 0 && s <= sseqs[i - 1]!);
      expect(outOfOrder, `${c.name}: sseq ${sseqs[outOfOrder]} after ${sseqs[outOfOrder - 1]}`).toBe(-1);
      const escalated = c.received.filter((e) => e.name === 'incident:updated').length;
      expect(escalated, `${c.name}: incident:updated (escalations)`).toBeGreaterThanOrEqual(alarmCount * ESCALATION.length);
    }
    // The first console's wall maps lived through its death: they reconnected and resumed.
    for (const c of clients.slice(0, 2)) expect(c.connects, c.name).toBeGreaterThanOrEqual(2);
    figures.push(
      `wall maps: ${clients.map((c) => `${c.name} ${c.received.length} events, ${c.connects} connection(s)`).join('; ')}`,
      `stored ${stored.n} camera rows, ${alarmCount} alarms → ${incidents.length} incidents, ${steps.length * ESCALATION.length} escalations`,
    );
  }, 300_000);
});
