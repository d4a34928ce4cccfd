import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import mqtt from 'mqtt';
import pino from 'pino';
import { io } from 'socket.io-client';
import { OPS_NAMESPACE, telemetryTopic, type DeviceCredentials } from '@cityops/contracts';
import { createUser } from '@cityops/db';
import { openTestDatabase, type TestDatabase } from '@cityops/db/src/testing/test-database.ts';
import { startPrivateMosquitto, type PrivateMosquitto } from '@cityops/ingest-gateway/src/testing/private-mosquitto.ts';
import { readStackConfig } from './stack-config.ts';
import { startStack, type Stack } from './stack.ts';
import { servicesStackEnv } from './testing/services-stack.ts';
import { dashboardMetricNames } from './testing/grafana-dashboard.ts';
import { PROMTOOL, promtoolCheckMetrics, promtoolFound, sample } from './testing/promtool.ts';

/**
 * What an operator scrapes from a running stack on PostgreSQL and Mosquitto: `/metrics` passes
 * Prometheus's own linter (`promtool check metrics`) and carries the figures a fire alarm moves;
 * liveness and readiness answer as an orchestrator needs them.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'cityops-observability-'));
const log = pino({ level: 'silent' });
let db: TestDatabase;
let broker: PrivateMosquitto;
let stack: Stack;
let cookie: string;

async function metrics(): Promise<string> {
  return (await fetch(`${stack.consoleUrl}/metrics`)).text();
}

beforeAll(async () => {
  db = await openTestDatabase();
  broker = await startPrivateMosquitto();
  stack = await startStack(readStackConfig(servicesStackEnv(db, broker, dataDir)), log);
  await createUser(db.pool, 'obs-admin', 'admin', 'obs-test-pw');
  const res = await fetch(`${stack.consoleUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'obs-admin', password: 'obs-test-pw' }),
  });
  cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
});
afterAll(async () => {
  await stack?.stop();
  await broker?.close().catch(() => undefined);
  await db?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('observability of a running stack', () => {
  it('counts a fire alarm along its path: stored by kind, batch and commit histograms, alerting and realtime latency', async () => {
    const socket = io(new URL(OPS_NAMESPACE, stack.consoleUrl).toString(), {
      transports: ['websocket'],
      extraHeaders: { cookie, origin: stack.consoleUrl },
      reconnection: false,
    });
    const opened = new Promise<void>((resolve) => socket.once('incident:opened', () => resolve()));
    await new Promise<void>((resolve) => socket.once('replay:done', () => resolve()));
    const created = await fetch(`${stack.consoleUrl}/api/devices`, {
      method: 'POST',
      headers: { cookie, origin: stack.consoleUrl, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'FA-OBS-1', kind: 'fire', lat: 21.03, lon: 105.85, area: 'A001' }),
    });
    const creds = (await created.json()) as DeviceCredentials;
    const panel = mqtt.connect(broker.url, {
      username: creds.username,
      password: creds.password,
      clientId: creds.username,
      protocolVersion: 5,
      reconnectPeriod: 0,
    });
    await new Promise<void>((ok, fail) => (panel.once('connect', () => ok()), panel.once('error', fail)));
    const ts = Date.now();
    await panel.publishAsync(telemetryTopic('fire', 'FA-OBS-1'), JSON.stringify({ ts, seq: 1, event: 'alarm', zone: 'Z1' }), { qos: 1 });
    await opened;
    panel.end(true);
    socket.disconnect();

    await vi.waitFor(async () => expect(sample(await metrics(), 'cityops_alerting_event_to_incident_seconds_count{kind="fire_alarm"}')).toBe(1), {
      timeout: 10_000,
    });
    const text = await metrics();
    expect(sample(text, 'cityops_ingest_stored_total{kind="fire"}')).toBe(1);
    expect(sample(text, 'cityops_ingest_commit_seconds_count{lane="fire"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'cityops_ingest_batch_size_bucket{lane="fire",le="+Inf"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'cityops_ingest_mqtt_connected{lane="fire"}')).toBe(1);
    expect(sample(text, 'cityops_realtime_event_to_socket_seconds_count{event="incident:opened"}')).toBe(1);
    expect(sample(text, 'cityops_event_log_listener_up')).toBe(1);
    expect(sample(text, 'cityops_db_pool_connections{state="waiting"}')).toBe(0);
    expect(text).toMatch(/^cityops_event_log_lag_events\{reader="alerting"\} \d+$/m);
    // prom-client's process and runtime metrics.
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds \d/m);
  });

  it('passes promtool check metrics', async () => {
    expect(promtoolFound(), `no promtool (${PROMTOOL}): run scripts/fetch-promtool.sh, or set CITYOPS_PROMTOOL`).toBe(true);
    const out = promtoolCheckMetrics(await metrics());
    expect(out).toBe('');
  });

  it('serves every metric the Grafana dashboard in deploy/ reads', async () => {
    const families = new Set([...(await metrics()).matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!));
    const read = dashboardMetricNames();
    expect(read.length).toBeGreaterThan(15);
    expect(read.filter((name) => !families.has(name))).toEqual([]);
  });

  // Last: it takes the broker away for good.
  it('is live while it runs, and ready only while the broker answers', async () => {
    expect((await fetch(`${stack.consoleUrl}/api/health/live`)).status).toBe(200);
    expect((await fetch(`${stack.consoleUrl}/api/health/ready`)).status).toBe(200);
    await broker.close();
    await vi.waitFor(async () => expect((await fetch(`${stack.consoleUrl}/api/health/ready`)).status).toBe(503), { timeout: 10_000, interval: 200 });
    const ready = (await (await fetch(`${stack.consoleUrl}/api/health/ready`)).json()) as { broker: string; problems: string[] };
    expect(ready).toMatchObject({ broker: 'down', problems: expect.arrayContaining(['the MQTT broker is not connected']) });
    // Not a reason to restart the process: it reconnects by itself when the broker is back.
    expect((await fetch(`${stack.consoleUrl}/api/health/live`)).status).toBe(200);
    expect(sample(await metrics(), 'cityops_ingest_mqtt_connected{lane="telemetry"}')).toBe(0);
  });
});
