import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';
import { receiptTopic, telemetryTopic } from '@cityops/contracts';
import { provisionDevice, withTransaction } from '@cityops/db';
import { readStackConfig } from './stack-config.ts';
import { startStack, type Stack } from './stack.ts';

/**
 * The embedded database stops answering while the stack runs, and the stack serves again within
 * 30 s without losing what was committed. Two ways it stops: a query PGlite never answers (the
 * database process's test hook withholds it, as PGlite once withheld a dead-letter batch), and the
 * database process blocked outright (SIGSTOP: what a WebAssembly call that never returns looks like
 * from outside). "Serving" is a fire alarm stored and receipted, and the REST API answering.
 */
const NEVER = 'cityops-recovery-test-never-answer';
// Inherited by the database process the stack starts.
process.env.CITYOPS_EMBEDDED_TEST_NEVER_ANSWER = NEVER;
const RECOVERY_MS = 30_000;
const dataDir = mkdtempSync(join(tmpdir(), 'cityops-recovery-'));
const env = { CITYOPS_DATA_DIR: dataDir, PORT: '0', CITYOPS_MQTT_PORT: '0', CITYOPS_SIMULATE: '0', CITYOPS_DEMO_PASSWORD: 'recovery-test-pw', LOG_LEVEL: 'silent' };
const PANEL = 'FA-RECOVERY-1';
let stack: Stack;
let panel: MqttClient;
let cookie: string;
let seq = 0;
const receipts: { seq: number; status: string }[] = [];

beforeAll(async () => {
  stack = await startStack(readStackConfig(env), pino({ level: 'silent' }));
  const { password } = await provisionDevice(stack.db.pool, { id: PANEL, kind: 'fire', lat: 21.0285, lon: 105.8542, area: 'A001', address: 'Số 5 Phố mẫu' });
  panel = await mqtt.connectAsync(stack.mqttUrl, { username: PANEL, clientId: PANEL, password, reconnectPeriod: 0 });
  panel.on('message', (_t, p) => receipts.push(JSON.parse(p.toString())));
  await panel.subscribeAsync(receiptTopic(PANEL), { qos: 1 });
  const res = await fetch(`${stack.consoleUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'operator', password: 'recovery-test-pw' }) });
  cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
}, 120_000);

afterAll(async () => {
  await panel?.endAsync();
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Publishes an alarm; resolves with its seq once it is receipted `ack`, or rejects after `timeoutMs`. */
async function alarmReceipted(timeoutMs: number): Promise<number> {
  const n = ++seq;
  await panel.publishAsync(telemetryTopic('fire', PANEL), JSON.stringify({ ts: Date.now(), seq: n, event: 'alarm', zone: `Tầng ${n}` }), { qos: 1 });
  await expect.poll(() => receipts.find((r) => r.seq === n), { timeout: timeoutMs, interval: 50 }).toEqual({ seq: n, status: 'ack' });
  return n;
}

/** The REST API answers from the database (the incident list). */
async function restAnswers(): Promise<boolean> {
  try {
    const res = await fetch(`${stack.consoleUrl}/api/incidents`, { headers: { cookie }, signal: AbortSignal.timeout(5000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

async function storedAlarms(): Promise<number[]> {
  const { rows } = await stack.db.pool.query<{ seq: number }>('SELECT seq FROM fire_events WHERE device_id = $1 ORDER BY seq', [PANEL]);
  return rows.map((r) => r.seq);
}

describe('the embedded database stops answering', () => {
  it('a query PGlite never answers: its connection is destroyed, the database restarted, and within 30 s alarms are receipted and REST answers; nothing committed is lost', { timeout: 90_000 }, async () => {
    const before = await alarmReceipted(5000);
    const supervised = stack.db.supervised!;
    const restarts = supervised.restarts();
    const oldPid = supervised.pid();

    // The stack's one embedded connection is taken by a transaction whose query is never answered,
    // as the gateway's was.
    const wedged = Date.now();
    const unanswered = withTransaction(stack.db.pool, (c) => c.query(`SELECT '${NEVER}'`)).then(() => 'answered', (err: Error) => err.message);
    const during = await alarmReceipted(RECOVERY_MS);
    expect(await unanswered).toBe('Query read timeout');
    // The withheld messages stay unanswered in the database process: the watchdog restarts it.
    await expect.poll(() => supervised.restarts(), { timeout: RECOVERY_MS - (Date.now() - wedged), interval: 100 }).toBe(restarts + 1);
    expect(supervised.pid()).not.toBe(oldPid);
    const after = await alarmReceipted(RECOVERY_MS - (Date.now() - wedged));
    await expect.poll(restAnswers, { timeout: Math.max(1000, RECOVERY_MS - (Date.now() - wedged)), interval: 200 }).toBe(true);
    expect(Date.now() - wedged).toBeLessThan(RECOVERY_MS);
    console.log(`unanswered query: database restarted, serving again ${Date.now() - wedged} ms after the query was sent`);
    expect(await storedAlarms()).toEqual(expect.arrayContaining([before, during, after]));
  });

  it('the database process blocked (SIGSTOP, as inside a WebAssembly call that never returns) is killed and restarted: within 30 s alarms are receipted and REST answers; nothing committed is lost', { timeout: 90_000 }, async () => {
    const before = await alarmReceipted(5000);
    const supervised = stack.db.supervised!;
    const restarts = supervised.restarts();
    const oldPid = supervised.pid();

    const wedged = Date.now();
    process.kill(oldPid, 'SIGSTOP');
    const during = await alarmReceipted(RECOVERY_MS);
    await expect.poll(restAnswers, { timeout: Math.max(1000, RECOVERY_MS - (Date.now() - wedged)), interval: 200 }).toBe(true);
    expect(Date.now() - wedged).toBeLessThan(RECOVERY_MS);
    expect(supervised.restarts()).toBe(restarts + 1);
    expect(supervised.pid()).not.toBe(oldPid);
    // Killed, not left stopped with the data directory open.
    expect(() => process.kill(oldPid, 0)).toThrow();
    console.log(`blocked database process: restarted and serving again ${Date.now() - wedged} ms after SIGSTOP`);
    expect(await storedAlarms()).toEqual(expect.arrayContaining([before, during]));
  });
});
