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
const env = {
  CITYOPS_DATA_DIR: dataDir,
  PORT: '0',
  CITYOPS_MQTT_PORT: '0',
  CITYOPS_SIMULATE: '0',
  CITYOPS_DEMO_PASSWORD: 'recovery-test-pw',
  LOG_LEVEL: 'silent',
};
const PANELS = ['FA-RECOVERY-1', 'FA-RECOVERY-2', 'FA-RECOVERY-3'];
let stack: Stack;
let cookie: string;
const panels = new Map<string, { client: MqttClient; seq: number; receipts: { seq: number; status: string }[] }>();

beforeAll(async () => {
  stack = await startStack(readStackConfig(env), pino({ level: 'silent' }));
  for (const [i, id] of PANELS.entries()) {
    const { password } = await provisionDevice(stack.db.pool, { id, kind: 'fire', lat: 21.0285, lon: 105.8542, area: 'A001', address: `Số ${i + 5} Phố mẫu` });
    const client = await mqtt.connectAsync(stack.mqttUrl, { username: id, clientId: id, password, reconnectPeriod: 0 });
    const receipts: { seq: number; status: string }[] = [];
    client.on('message', (_t, p) => receipts.push(JSON.parse(p.toString())));
    await client.subscribeAsync(receiptTopic(id), { qos: 1 });
    panels.set(id, { client, seq: 0, receipts });
  }
  const res = await fetch(`${stack.consoleUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'operator', password: 'recovery-test-pw' }),
  });
  cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
}, 120_000);

afterAll(async () => {
  for (const p of panels.values()) await p.client.endAsync();
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Publishes an alarm; resolves with its seq once it is receipted `ack`, or rejects after `timeoutMs`. */
async function alarmReceipted(id: string, timeoutMs: number): Promise<number> {
  const panel = panels.get(id)!;
  const n = ++panel.seq;
  await panel.client.publishAsync(telemetryTopic('fire', id), JSON.stringify({ ts: Date.now(), seq: n, event: 'alarm', zone: `Tầng ${n}` }), { qos: 1 });
  await expect.poll(() => panel.receipts.find((r) => r.seq === n), { timeout: Math.max(1000, timeoutMs), interval: 50 }).toEqual({ seq: n, status: 'ack' });
  return n;
}

/** The REST API answers from the database, and alerting has opened an incident for the panel. */
async function incidentListed(id: string): Promise<boolean> {
  try {
    const res = await fetch(`${stack.consoleUrl}/api/incidents?state=open`, { headers: { cookie }, signal: AbortSignal.timeout(5000) });
    return res.status === 200 && ((await res.json()) as { items: { deviceId: string }[] }).items.some((i) => i.deviceId === id);
  } catch {
    return false;
  }
}

async function storedAlarms(id: string): Promise<number[]> {
  const { rows } = await stack.db.pool.query<{ seq: number }>('SELECT seq FROM fire_events WHERE device_id = $1 ORDER BY seq', [id]);
  return rows.map((r) => r.seq);
}

describe('the embedded database stops answering', () => {
  it(
    'a query PGlite never answers: its connection is destroyed, the database restarted, and within 30 s alarms are receipted, alerting opens incidents' +
      ' and REST lists them; nothing committed is lost',
    { timeout: 90_000 },
    async () => {
      const before = await alarmReceipted(PANELS[0]!, 5000);
      const supervised = stack.db.supervised!;
      const restarts = supervised.restarts();
      const oldPid = supervised.pid();

      // The stack's one embedded connection is taken by a transaction whose query is never answered,
      // as the gateway's was.
      const wedged = Date.now();
      const left = () => RECOVERY_MS - (Date.now() - wedged);
      const unanswered = withTransaction(stack.db.pool, (c) => c.query(`SELECT '${NEVER}'`)).then(
        () => 'answered',
        (err: Error) => err.message,
      );
      const during = await alarmReceipted(PANELS[0]!, left());
      expect(await unanswered).toBe('Query read timeout');
      // The withheld messages stay unanswered in the database process: the watchdog restarts it.
      await expect.poll(() => supervised.restarts(), { timeout: Math.max(1000, left()), interval: 100 }).toBe(restarts + 1);
      expect(supervised.pid()).not.toBe(oldPid);
      const after = await alarmReceipted(PANELS[0]!, left());
      await alarmReceipted(PANELS[1]!, left());
      await expect.poll(() => incidentListed(PANELS[1]!), { timeout: Math.max(1000, left()), interval: 200 }).toBe(true);
      expect(Date.now() - wedged).toBeLessThan(RECOVERY_MS);
      console.log(`unanswered query: database restarted, serving again ${Date.now() - wedged} ms after the query was sent`);
      expect(await storedAlarms(PANELS[0]!)).toEqual(expect.arrayContaining([before, during, after]));
    },
  );

  it(
    'the database process blocked (SIGSTOP, as inside a WebAssembly call that never returns) is killed and restarted: within 30 s alarms are receipted,' +
      ' alerting opens incidents and REST lists them; nothing committed is lost',
    { timeout: 90_000 },
    async () => {
      const before = await alarmReceipted(PANELS[0]!, 5000);
      const supervised = stack.db.supervised!;
      const restarts = supervised.restarts();
      const oldPid = supervised.pid();

      const wedged = Date.now();
      const left = () => RECOVERY_MS - (Date.now() - wedged);
      process.kill(oldPid, 'SIGSTOP');
      const during = await alarmReceipted(PANELS[0]!, left());
      await alarmReceipted(PANELS[2]!, left());
      await expect.poll(() => incidentListed(PANELS[2]!), { timeout: Math.max(1000, left()), interval: 200 }).toBe(true);
      expect(Date.now() - wedged).toBeLessThan(RECOVERY_MS);
      expect(supervised.restarts()).toBe(restarts + 1);
      expect(supervised.pid()).not.toBe(oldPid);
      // Killed, not left stopped with the data directory open.
      expect(() => process.kill(oldPid, 0)).toThrow();
      console.log(`blocked database process: restarted and serving again ${Date.now() - wedged} ms after SIGSTOP`);
      expect(await storedAlarms(PANELS[0]!)).toEqual(expect.arrayContaining([before, during]));
    },
  );
});
