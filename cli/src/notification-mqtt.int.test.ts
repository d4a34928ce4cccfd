import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';
import { telemetryTopic, type ContactPointWithSecret, type WebhookBody } from '@cityops/contracts';
import { provisionDevice } from '@cityops/db';
import { verifyWebhook } from '@cityops/notifications';
import { startWebhookReceiver, type ReceivedRequest } from '@cityops/notifications/src/testing/webhook-receiver.ts';
import { consoleSession } from './testing/console-session.ts';
import { readStackConfig } from './stack-config.ts';
import { startStack, type Stack } from './stack.ts';

/**
 * A fire alarm published over MQTT into the whole stack (embedded broker and database, real
 * clock) reaches an agency's webhook signed, within 5 s; nobody acknowledges it, so at the
 * shipped 60 s escalation step the supervisor's webhook is paged; its resolve is sent too.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'cityops-notify-mqtt-'));
const PASSWORD = 'notify-mqtt-pw';
let stack: Stack;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let panel: MqttClient;
let agency: ContactPointWithSecret;
let supervisorHook: ContactPointWithSecret;

const session = (username: string) => consoleSession(stack.consoleUrl, username, PASSWORD);

const signed = (r: ReceivedRequest, secret: string) =>
  verifyWebhook(secret, r.headers['x-cityops-timestamp'] as string, r.body, r.headers['x-cityops-signature'] as string, Date.now() / 1000);

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  const env = {
    CITYOPS_DATA_DIR: dataDir,
    PORT: '0',
    CITYOPS_MQTT_PORT: '0',
    CITYOPS_SIMULATE: '0',
    CITYOPS_DEMO_PASSWORD: PASSWORD,
    LOG_LEVEL: 'silent',
    // The webhook receiver runs on this machine: loopback is refused unless allowed.
    CITYOPS_NOTIFY_ALLOW_NETWORKS: '127.0.0.1/32',
  };
  stack = await startStack(readStackConfig(env), pino({ level: 'silent' }));
  const admin = await session('admin');
  agency = (await admin('POST', '/api/contact-points', { name: 'pccc-114', type: 'webhook', settings: { url: `${receiver.url}/114` } })).body;
  supervisorHook = (await admin('POST', '/api/contact-points', { name: 'truong-ca', type: 'webhook', settings: { url: `${receiver.url}/supervisor` } })).body;
  const policy = await admin('PUT', '/api/notification-policy', {
    root: { routes: [{ name: 'fire', matchers: { kinds: ['fire_alarm'] }, contactPoints: ['pccc-114'], sendResolved: true }] },
    escalation: { supervisor: ['truong-ca'] },
  });
  expect(policy.status).toBe(200);
  const { password } = await provisionDevice(stack.db.pool, {
    id: 'FA-MQTT-1',
    kind: 'fire',
    lat: 21.03,
    lon: 105.85,
    area: 'hoan-kiem',
    address: 'Số 9 Phố Hàng Bạc',
  });
  panel = await mqtt.connectAsync(stack.mqttUrl, { username: 'FA-MQTT-1', clientId: 'FA-MQTT-1', password, reconnectPeriod: 0 });
}, 120_000);

afterAll(async () => {
  await panel?.endAsync();
  await stack?.stop();
  await receiver?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('MQTT fire alarm → notifications', () => {
  it('reaches the agency webhook signed within 5 s, pages the supervisor at the 60 s step, and sends the resolve', { timeout: 150_000 }, async () => {
    const published = Date.now();
    await panel.publishAsync(telemetryTopic('fire', 'FA-MQTT-1'), JSON.stringify({ ts: published, seq: 1, event: 'alarm', zone: 'Tầng 2' }), { qos: 1 });
    await expect.poll(() => receiver.requests.filter((r) => r.path === '/114').length, { timeout: 5000, interval: 20 }).toBe(1);
    const [opened] = receiver.requests.filter((r) => r.path === '/114');
    expect(opened!.at - published).toBeLessThan(5000);
    expect(signed(opened!, agency.secret!)).toBe(true);
    const body = JSON.parse(opened!.body) as WebhookBody;
    expect(body).toMatchObject({ reason: 'opened', incident: { kind: 'fire_alarm', deviceId: 'FA-MQTT-1', address: 'Số 9 Phố Hàng Bạc' } });
    // Without CITYOPS_PUBLIC_URL the link is the console's own address, with the port it listens on.
    expect(body.link).toBe(`${stack.consoleUrl}/?incident=${body.incident.id}`);

    // The shipped rule escalates an unacknowledged fire alarm to the supervisor after 60 s (alerting ticks every 5 s).
    await expect.poll(() => receiver.requests.filter((r) => r.path === '/supervisor').length, { timeout: 75_000, interval: 200 }).toBe(1);
    const [page] = receiver.requests.filter((r) => r.path === '/supervisor');
    expect(page!.at - published).toBeGreaterThanOrEqual(60_000);
    expect(signed(page!, supervisorHook.secret!)).toBe(true);
    expect(JSON.parse(page!.body)).toMatchObject({ reason: 'escalated', escalation: { level: 1, role: 'supervisor' }, incident: { id: body.incident.id } });

    const supervisor = await session('supervisor');
    const resolved = await supervisor('POST', `/api/incidents/${body.incident.id}/resolve`, { note: 'Báo nhầm do khói bếp', overrideChecklist: true });
    expect(resolved.status).toBe(200);
    await expect.poll(() => receiver.requests.filter((r) => r.path === '/114').length, { timeout: 5000, interval: 20 }).toBe(2);
    const last = receiver.requests.filter((r) => r.path === '/114')[1]!;
    expect(signed(last, agency.secret!)).toBe(true);
    expect(JSON.parse(last.body)).toMatchObject({ reason: 'resolved', incident: { id: body.incident.id, state: 'resolved' } });
  });
});
