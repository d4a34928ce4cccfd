import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '@cityops/db/src/testing/test-database.ts';
import { freePort, startPrivateMosquitto, type PrivateMosquitto } from '@cityops/ingest-gateway/src/testing/private-mosquitto.ts';
import { PROMTOOL, promtoolCheckMetrics, promtoolFound, sample } from './testing/promtool.ts';
import { ServiceProcess } from './testing/service-process.ts';

/**
 * The stand-alone processes (an ingest gateway, two alerting processes) answer Prometheus and an
 * orchestrator's probes on CITYOPS_METRICS_PORT, on PostgreSQL and a Mosquitto with the shipped
 * config: valid under promtool, behind the bearer token, and saying which alerting process leads.
 */
const TOKEN = 'process-metrics-test-token-0123456789';
let db: TestDatabase;
let broker: PrivateMosquitto;
const processes: { p: ServiceProcess; url: string }[] = [];

function env(extra: Record<string, string>, port: number): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(base)) if (k.startsWith('CITYOPS_') || k.startsWith('VITEST') || k === 'MQTT_URL') delete base[k];
  return {
    ...base,
    DATABASE_URL: db.connectionString,
    CITYOPS_METRICS_PORT: String(port),
    CITYOPS_METRICS_TOKEN: TOKEN,
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

async function scrape(url: string, token: string | null = TOKEN): Promise<Response> {
  return fetch(`${url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

const leading = async () =>
  Promise.all(processes.slice(1).map(async ({ p, url }) => (p.running ? sample(await (await scrape(url)).text(), 'cityops_alerting_leading') : undefined)));

beforeAll(async () => {
  db = await openTestDatabase();
  broker = await startPrivateMosquitto();
  const gatewayPort = await freePort();
  const gateway = new ServiceProcess({
    name: 'gateway-1',
    entry: 'ingest-gateway/src/main.ts',
    env: env(
      {
        MQTT_URL: `mqtt://cityops-ingest-1:${broker.service.password}@127.0.0.1:${broker.port}`,
        CITYOPS_INGEST_CLIENT_ID: 'cityops-ingest-1',
        CITYOPS_MQTT_PROTOCOL: '5',
      },
      gatewayPort,
    ),
    ready: 'ipc',
  });
  await gateway.start();
  processes.push({ p: gateway, url: `http://127.0.0.1:${gatewayPort}` });
  for (const i of [1, 2]) {
    const port = await freePort();
    const alerting = new ServiceProcess({
      name: `alerting-${i}`,
      entry: 'alerting/src/main.ts',
      env: env({ CITYOPS_ALERTING_TAKEOVER_MS: '200' }, port),
      ready: 'ipc',
    });
    await alerting.start();
    processes.push({ p: alerting, url: `http://127.0.0.1:${port}` });
  }
}, 180_000);

afterAll(async () => {
  await Promise.all(processes.map(({ p }) => p.stop()));
  await broker?.close().catch(() => undefined);
  await db?.close();
});

describe('the metrics endpoint of a stand-alone process', () => {
  it('asks for the bearer token, and answers probes without one', async () => {
    for (const { p, url } of processes) {
      const refused = await scrape(url, null);
      expect(refused.status, p.spec.name).toBe(401);
      expect(await refused.json()).toMatchObject({ code: 'CITYOPS_AUTH_REQUIRED' });
      expect((await scrape(url, `${TOKEN}x`)).status, p.spec.name).toBe(401);
      expect((await fetch(`${url}/health/live`)).status, p.spec.name).toBe(200);
      expect((await fetch(`${url}/health/ready`)).status, p.spec.name).toBe(200);
      expect((await fetch(`${url}/api/devices`)).status, p.spec.name).toBe(404);
    }
  });

  it('passes promtool check metrics, with the figures of each process and its runtime', async () => {
    expect(promtoolFound(), `no promtool (${PROMTOOL}): run scripts/fetch-promtool.sh, or set CITYOPS_PROMTOOL`).toBe(true);
    for (const { p, url } of processes) {
      const text = await (await scrape(url)).text();
      expect(promtoolCheckMetrics(text), p.spec.name).toBe('');
      expect(text, p.spec.name).toMatch(/^process_cpu_seconds_total \d/m);
      expect(text, p.spec.name).toMatch(/^cityops_db_pool_connections\{state="idle"\} \d/m);
    }
    const gateway = await (await scrape(processes[0]!.url)).text();
    expect(sample(gateway, 'cityops_ingest_mqtt_connected{lane="fire"}')).toBe(1);
    expect(sample(gateway, 'cityops_ingest_mqtt_connected{lane="telemetry"}')).toBe(1);
  });

  it('says which alerting process leads, before and after the leader is killed', async () => {
    const before = await leading();
    expect([...before].sort()).toEqual([0, 1]);
    const leader = processes[1 + before.indexOf(1)]!;
    await leader.p.kill9();
    const deadline = Date.now() + 10_000;
    let after = await leading();
    while (!after.includes(1) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      after = await leading();
    }
    expect(after.filter((v) => v !== undefined)).toEqual([1]);
  });
});
