/**
 * Device accounts on an external Mosquitto, kept by cityops itself: the stack runs against the
 * shipped Mosquitto configuration (dynamic security, seeded as `cityops broker seed` seeds it) and
 * PostgreSQL, with CITYOPS_MQTT_ADMIN_PASSWORD set. A device added over REST can publish at once;
 * revoking it over REST or from the CLI (another process) drops its connection within 1 s; a new
 * secret takes it back; a broker that refuses the account leaves no device behind. Runs under
 * `npm run test:services` only: it needs the mosquitto binary and a PostgreSQL server.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';
import { telemetryTopic, type DeviceCredentials } from '@cityops/contracts';
import { BrokerAccountsError, createUser, findDevice, provisionDevice, rotateDeviceSecret } from '@cityops/db';
import { openTestDatabase, type TestDatabase } from '@cityops/db/src/testing/test-database.ts';
import { startPrivateMosquitto, type PrivateMosquitto } from '@cityops/ingest-gateway/src/testing/private-mosquitto.ts';
import { grantAsEarlierRelease } from '@cityops/ingest-gateway/src/testing/earlier-release-role.ts';
import { readStackConfig } from './stack-config.ts';
import { startStack, type Stack } from './stack.ts';
import { servicesStackEnv } from './testing/services-stack.ts';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'cityops-broker-accounts-'));
const log = pino({ level: 'silent' });
let db: TestDatabase;
let broker: PrivateMosquitto;
let stack: Stack;
let env: Record<string, string>;
let cookie: string;
const clients: MqttClient[] = [];

async function connectDevice(creds: { username: string; password: string }): Promise<MqttClient> {
  const c = mqtt.connect(broker.url, { ...creds, clientId: creds.username, protocolVersion: 5, reconnectPeriod: 0, connectTimeout: 5000 });
  clients.push(c);
  await new Promise<void>((ok, fail) => {
    c.once('connect', () => ok());
    c.once('error', fail);
  });
  return c;
}

async function api(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${stack.consoleUrl}${path}`, {
    method,
    headers: { cookie, origin: stack.consoleUrl, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

/** Milliseconds from `act` until the device's connection closes (Infinity: still open after 5 s). */
async function closesAfter(device: MqttClient, act: () => Promise<unknown>): Promise<number> {
  const closed = new Promise<number>((ok) => device.once('close', () => ok(Date.now())));
  const started = Date.now();
  await act();
  return (await Promise.race([closed, new Promise<number>((ok) => setTimeout(() => ok(Infinity), 5000))])) - started;
}

describe('device accounts on Mosquitto, kept by cityops', () => {
  beforeAll(async () => {
    db = await openTestDatabase();
    broker = await startPrivateMosquitto();
    env = servicesStackEnv(db, broker, dataDir);
    stack = await startStack(readStackConfig(env), log);
    await createUser(db.pool, 'broker-admin', 'admin', 'broker-test-pw');
    const res = await fetch(`${stack.consoleUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'broker-admin', password: 'broker-test-pw' }),
    });
    expect(res.status).toBe(200);
    cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
  });
  afterAll(async () => {
    for (const c of clients) c.end(true);
    await stack?.stop();
    await broker?.close();
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a device added over REST publishes at once; revoked over REST, its connection closes within 1 s', async () => {
    const res = await api('POST', '/api/devices', { id: 'CAM-MQ-1', kind: 'camera', lat: 21.03, lon: 105.85, area: 'A001' });
    expect(res.status).toBe(201);
    const creds = (await res.json()) as DeviceCredentials;
    const cam = await connectDevice(creds);
    await cam.publishAsync(telemetryTopic('camera', 'CAM-MQ-1'), JSON.stringify({ seq: 1, ts: new Date().toISOString(), status: 'online' }), { qos: 1 });
    await expect.poll(async () => (await findDevice(db.pool, 'CAM-MQ-1'))?.status, { timeout: 5000 }).toBe('online');

    const ms = await closesAfter(cam, async () => expect((await api('DELETE', '/api/devices/CAM-MQ-1')).status).toBe(200));
    expect(ms).toBeLessThan(1000);
    await expect(connectDevice(creds)).rejects.toThrow(/Not authorized|Bad User Name or Password/i);

    // A new secret lifts the revocation, on the broker too.
    const password = await rotateDeviceSecret(db.pool, 'CAM-MQ-1', stack.deviceAccounts);
    await connectDevice({ username: 'CAM-MQ-1', password });
  });

  it('a revocation from the CLI, another process, closes the connection within 1 s', async () => {
    const res = await api('POST', '/api/devices', { id: 'FA-MQ-2', kind: 'fire', lat: 21.03, lon: 105.85, address: 'Số 1 Phố mẫu' });
    const creds = (await res.json()) as DeviceCredentials;
    const panel = await connectDevice(creds);
    const cliEnv = { ...process.env, DATABASE_URL: db.connectionString, LOG_LEVEL: 'silent' };
    const closedAt = new Promise<number>((ok) => panel.once('close', () => ok(Date.now())));
    await run(process.execPath, ['--import', 'tsx', 'cli/src/main.ts', 'device', 'revoke', '--id', 'FA-MQ-2'], { cwd: ROOT, env: cliEnv, timeout: 60_000 });
    // Measured from the CLI's exit, which is just after its commit (the process still has to exit).
    const exitedAt = Date.now();
    const ms = (await Promise.race([closedAt, new Promise<number>((ok) => setTimeout(() => ok(Infinity), 5000))])) - exitedAt;
    expect(ms).toBeLessThan(1000);
  });

  it('the CLI adds a device with its broker account', async () => {
    const cliEnv = { ...process.env, ...env };
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'cli/src/main.ts', 'device', 'add', '--kind', 'queue', '--id', 'Q-MQ-3', '--lat', '21.0', '--lon', '105.8'],
      { cwd: ROOT, env: cliEnv, timeout: 60_000 },
    );
    const creds = JSON.parse(stdout) as DeviceCredentials;
    const kiosk = await connectDevice(creds);
    // Its own kind only.
    await expect(kiosk.publishAsync(telemetryTopic('camera', 'Q-MQ-3'), '{}', { qos: 1 })).rejects.toThrow(/Not authorized/i);
  });

  it('`cityops broker upgrade-roles` keeps a panel registered by an earlier release to its event topic', async () => {
    const res = await api('POST', '/api/devices', { id: 'FA-MQ-5', kind: 'fire', lat: 21.03, lon: 105.85, address: 'Số 5 Phố mẫu' });
    const creds = (await res.json()) as DeviceCredentials;
    await grantAsEarlierRelease(broker.adminUrl, 'FA-MQ-5');
    const panel = await connectDevice(creds);
    await panel.publishAsync('city/v1/fire/FA-MQ-5/status', '{}', { qos: 1 });
    const cli = () =>
      run(process.execPath, ['--import', 'tsx', 'cli/src/main.ts', 'broker', 'upgrade-roles'], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 });
    // Every fire panel of the registry, FA-MQ-2 (revoked, its account disabled) included.
    expect(JSON.parse((await cli()).stdout)).toEqual({ upgraded: 2, withoutAccount: [] });
    await expect(panel.publishAsync('city/v1/fire/FA-MQ-5/status', '{}', { qos: 1 })).rejects.toThrow(/Not authorized/i);
    await panel.publishAsync(telemetryTopic('fire', 'FA-MQ-5'), JSON.stringify({ seq: 1, ts: Date.now(), event: 'test' }), { qos: 1 });
    expect(JSON.parse((await cli()).stdout)).toEqual({ upgraded: 2, withoutAccount: [] });
    const noAdmin = run(process.execPath, ['--import', 'tsx', 'cli/src/main.ts', 'broker', 'upgrade-roles'], {
      cwd: ROOT,
      env: { ...process.env, ...env, CITYOPS_MQTT_ADMIN_PASSWORD: '' },
      timeout: 60_000,
    });
    await expect(noAdmin).rejects.toMatchObject({ stderr: expect.stringMatching(/CITYOPS_MQTT_ADMIN_PASSWORD/) });
  });

  it('a broker that does not take the account leaves no device behind', async () => {
    const refusing = {
      put: async () => {
        throw new BrokerAccountsError('the broker refused createClient for CAM-MQ-4: test');
      },
      disable: async () => undefined,
    };
    await expect(provisionDevice(db.pool, { id: 'CAM-MQ-4', kind: 'camera', lat: 21, lon: 105.8 }, refusing)).rejects.toThrow(BrokerAccountsError);
    expect(await findDevice(db.pool, 'CAM-MQ-4')).toBeNull();
  });
});
