import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { telemetryTopic } from '@cityops/contracts';
import { openIngestHarness, type IngestHarness, type TestDevice } from './testing/ingest-harness.ts';

/**
 * A fire alarm never waits behind bulk telemetry: with thousands of camera messages ahead of it,
 * its receipt (it is stored) comes while the camera backlog is still being written.
 *
 * The backlog is made the way each database allows. Embedded: the gateway is stopped while a camera
 * publishes, then the panel, so the broker queues the alarm after the whole backlog; then the
 * gateway returns. PostgreSQL: the camera table is locked by another session,
 * so camera batches cannot commit while the alarm is published; 5,000 messages there, which the
 * gateway holds in its own window (Receive Maximum), since a Mosquitto with its defaults (the
 * machine's, unlike the shipped config) queues at most 1,000 more per session and drops the rest.
 */
let BACKLOG = 20_000;
let h: IngestHarness;
let camera: TestDevice;
let panel: TestDevice;

beforeAll(async () => {
  h = await openIngestHarness();
  if (h.db.mode !== 'embedded') BACKLOG = 5000;
  camera = await h.device('camera');
  panel = await h.device('fire');
}, 120_000);
afterAll(async () => h?.close());

const cameraRows = async () => (await h.db.pool.query('SELECT count(*)::int AS n FROM camera_status WHERE device_id = $1', [camera.id])).rows[0].n as number;

function publishBacklog(): void {
  const base = Date.now() - 600_000;
  for (let seq = 0; seq < BACKLOG; seq++) {
    camera.client.publish(
      telemetryTopic('camera', camera.id),
      JSON.stringify({ ts: base + seq, seq, status: seq % 3 ? 'online' : 'degraded', fps: 25 }),
      { qos: 1 },
      () => undefined,
    );
  }
}

describe('fire priority', () => {
  it('stores a fire alarm while thousands of camera messages ahead of it are still being written', async () => {
    let release: () => Promise<void> = async () => undefined;
    let seq: number;
    if (h.db.mode === 'embedded') {
      await h.stopGateway();
      publishBacklog();
      // The alarm is queued in the broker after the whole backlog, then the gateway returns.
      await expect.poll(() => h.broker.awaitingIngest!(), { timeout: 60_000, interval: 100 }).toBe(BACKLOG);
      seq = await panel.publish({ event: 'alarm', zone: 'Tầng 5' });
      await expect.poll(() => h.broker.awaitingIngest!(), { timeout: 10_000 }).toBe(BACKLOG + 1);
      await h.startGateway();
    } else {
      const locker = new pg.Client({ connectionString: h.db.connectionString });
      await locker.connect();
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE camera_status IN EXCLUSIVE MODE');
      release = async () => {
        await locker.query('COMMIT');
        await locker.end();
      };
      publishBacklog();
      await expect.poll(() => h.gateway.metrics.received, { timeout: 30_000 }).toBeGreaterThanOrEqual(BACKLOG);
      seq = await panel.publish({ event: 'alarm', zone: 'Tầng 5' });
    }
    try {
      expect(await panel.receipt(seq, 10_000)).toEqual({ seq, status: 'ack' });
      const written = await cameraRows();
      expect(written).toBeLessThan(BACKLOG);
    } finally {
      await release();
    }
    // And nothing of the backlog is lost for it.
    await expect.poll(cameraRows, { timeout: 120_000, interval: 500 }).toBe(BACKLOG);
  }, 240_000);
});
