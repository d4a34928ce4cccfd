import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devicePublishPrefix, telemetryTopic } from '@cityops/contracts';
import { listDeadLetters, listDevices } from '@cityops/db';
import { openIngestHarness, type IngestHarness, type TestDevice } from './testing/ingest-harness.ts';

/**
 * Single messages that once stopped ingestion for every device. After each, a fire alarm from
 * another panel must be stored and receipted within 2 s, and the message itself is dead-lettered
 * with a reason rather than retried for ever.
 */
let h: IngestHarness;
let attacker: TestDevice;
/** Malformed topics come from a camera: a fire panel may publish on its event topic only (the broker refuses the rest). */
let camera: TestDevice;
let panel: TestDevice;

beforeAll(async () => {
  h = await openIngestHarness();
  attacker = await h.device('fire');
  camera = await h.device('camera');
  panel = await h.device('fire');
});
afterAll(async () => h?.close());

async function alarmStillReceipted(): Promise<void> {
  const seq = await panel.publish({ event: 'alarm', zone: 'Tầng 1' });
  expect(await panel.receipt(seq, 2000)).toEqual({ seq, status: 'ack' });
}

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('poison messages', () => {
  it('a fire event with a deeply nested extra field is dead-lettered, and ingestion goes on', async () => {
    const body = `{"ts":${Date.now()},"seq":7001,"event":"alarm","extra":${nested(7000)}}`;
    await attacker.publishRaw(telemetryTopic('fire', attacker.id), body);
    await alarmStillReceipted();
    expect(await attacker.receipt(7001, 2000)).toEqual({ seq: 7001, status: 'rejected', reason: 'CITYOPS_INGEST_PAYLOAD_LIMITS' });
  });

  it('a topic whose last level is 4,000 characters is dead-lettered with a bounded copy of the topic', async () => {
    const topic = `${devicePublishPrefix('camera', camera.id)}${'x'.repeat(4000)}`;
    await camera.publishRaw(topic, JSON.stringify({ ts: Date.now(), seq: 7002, status: 'online' }));
    await alarmStillReceipted();
    const letter = async () =>
      (await listDeadLetters(h.db.pool, { deviceId: camera.id })).find((d) => d.topic.startsWith(`${devicePublishPrefix('camera', camera.id)}xxx`));
    await expect.poll(async () => (await letter())?.reason, { timeout: 2000 }).toBe('CITYOPS_INGEST_TOPIC_INVALID');
    const dl = await letter();
    expect(dl!.topic.length).toBeLessThanOrEqual(300);
  });

  it('a topic containing NUL is dead-lettered with the NUL escaped, or refused by the broker', async () => {
    const topic = `${devicePublishPrefix('camera', camera.id)}sta\u0000tus`;
    const closed = new Promise<void>((resolve) => camera.client.once('close', () => resolve()));
    // Not awaited: a broker that enforces [MQTT-4.7.3-2] (Mosquitto) drops the connection instead of answering.
    const published = camera.publishRaw(topic, JSON.stringify({ ts: Date.now(), seq: 7003, status: 'online' })).then(() => 'acknowledged' as const);
    const outcome = await Promise.race([published, closed.then(() => 'refused by the broker' as const)]);
    await alarmStillReceipted();
    if (outcome === 'acknowledged') {
      // The broker passed it on (the embedded aedes): the gateway kept it, escaped.
      const kept = async () =>
        (await listDeadLetters(h.db.pool, { deviceId: camera.id })).some(
          (d) => d.topic.endsWith('sta\\u0000tus') && d.reason === 'CITYOPS_INGEST_TOPIC_INVALID',
        );
      await expect.poll(kept, { timeout: 2000 }).toBe(true);
    } else {
      expect(h.broker.kind).toBe('mosquitto');
      camera.client.end(true);
      camera = await h.reconnect(camera);
    }
  });

  it('topics with an empty last level or six levels are dead-lettered, not dropped', async () => {
    const prefix = devicePublishPrefix('camera', camera.id);
    await camera.publishRaw(prefix, JSON.stringify({ ts: Date.now(), seq: 7004, status: 'online' }));
    await camera.publishRaw(`${prefix}status/more`, JSON.stringify({ ts: Date.now(), seq: 7005, status: 'online' }));
    await alarmStillReceipted();
    // Camera messages wait up to the telemetry lane's linger; Mosquitto acknowledges them before that.
    const topics = async () => (await listDeadLetters(h.db.pool, { deviceId: camera.id })).map((d) => d.topic);
    await expect.poll(topics, { timeout: 2000 }).toEqual(expect.arrayContaining([prefix, `${prefix}status/more`]));
  });

  it('a string value with NUL is dead-lettered instead of refused by the database', async () => {
    await attacker.publishRaw(telemetryTopic('fire', attacker.id), JSON.stringify({ ts: Date.now(), seq: 7006, event: 'alarm', zone: 'a\u0000b' }));
    await alarmStillReceipted();
    expect(await attacker.receipt(7006, 2000)).toMatchObject({ seq: 7006, status: 'rejected' });
  });

  it('poison queued while the gateway was away does not block the restarted gateway', async () => {
    await h.stopGateway();
    const body = `{"ts":${Date.now()},"seq":7010,"event":"alarm","extra":${nested(7000)}}`;
    // While no gateway is connected the embedded broker holds the PUBACK, so do not wait for it.
    const sent = attacker.publishRaw(telemetryTopic('fire', attacker.id), body);
    const topic = `${devicePublishPrefix('camera', camera.id)}${'y'.repeat(4000)}`;
    const sent2 = camera.publishRaw(topic, JSON.stringify({ ts: Date.now(), seq: 7011, status: 'online' }));
    await h.startGateway();
    await Promise.all([sent, sent2]);
    await alarmStillReceipted();
  });

  it('a message reusing a stored (seq, ts) with another body is dead-lettered and changes nothing', async () => {
    const ts = Date.now();
    await panel.publishRaw(telemetryTopic('fire', panel.id), JSON.stringify({ ts, seq: 8001, event: 'restore' }));
    expect(await panel.receipt(8001, 2000)).toEqual({ seq: 8001, status: 'ack' });
    panel.receipts.length = 0;
    await panel.publishRaw(telemetryTopic('fire', panel.id), JSON.stringify({ ts, seq: 8001, event: 'alarm', zone: 'giả mạo' }));
    expect(await panel.receipt(8001, 2000)).toEqual({ seq: 8001, status: 'rejected', reason: 'CITYOPS_INGEST_DUPLICATE_CONFLICT' });
    const [device] = (await listDevices(h.db.pool, { kind: 'fire' })).filter((d) => d.id === panel.id);
    expect(device?.status).toBe('normal');
    const { rows } = await h.db.pool.query(
      `SELECT count(*)::int AS n FROM event_log WHERE topic = 'fire.event' AND payload->>'deviceId' = $1 AND (payload->>'seq')::int8 = 8001`,
      [panel.id],
    );
    expect(rows[0].n).toBe(1);
    const letters = await listDeadLetters(h.db.pool, { deviceId: panel.id });
    expect(letters.map((d) => d.reason)).toContain('CITYOPS_INGEST_DUPLICATE_CONFLICT');
  });

  it('the same message twice in one batch is stored, counted and logged once', async () => {
    const camera = await h.device('camera');
    const body = JSON.stringify({ ts: Date.now(), seq: 9001, status: 'degraded' });
    const stored = h.gateway.metrics.stored;
    const duplicates = h.gateway.metrics.duplicates;
    await Promise.all([camera.publishRaw(telemetryTopic('camera', camera.id), body), camera.publishRaw(telemetryTopic('camera', camera.id), body)]);
    await expect.poll(() => h.gateway.metrics.stored + h.gateway.metrics.duplicates - stored - duplicates).toBe(2);
    expect(h.gateway.metrics.stored - stored).toBe(1);
    const { rows } = await h.db.pool.query(`SELECT count(*)::int AS n FROM event_log WHERE topic = 'device.status' AND payload->>'id' = $1`, [camera.id]);
    expect(rows[0].n).toBe(1);
  });
});
