import { describe, expect, it } from 'vitest';
import { decodeTelemetry, telemetryTopic, type DeviceKind } from '@cityops/contracts';
import { latestStatuses, planBatch, settleBatch, type Received, type RegistryEntry } from './plan-batch.ts';

const NOW = Date.parse('2026-12-01T03:00:00Z');
function msg(kind: DeviceKind, id: string, body: Record<string, unknown>): Received {
  const topic = telemetryTopic(kind, id);
  const payload = Buffer.from(JSON.stringify(body));
  return { topic, payload, decoded: decodeTelemetry(topic, payload, NOW) };
}
const registry = new Map<string, RegistryEntry | null>([
  ['FA-1', { kind: 'fire', area: 'A001', revoked: false }],
  ['CAM-1', { kind: 'camera', area: 'A002', revoked: false }],
  ['CAM-OLD', { kind: 'camera', area: null, revoked: true }],
]);

describe('planBatch', () => {
  it('stores a message repeated word for word inside one batch once, and acknowledges both', () => {
    const alarm = { ts: NOW, seq: 5, event: 'alarm' };
    const plan = planBatch([msg('fire', 'FA-1', alarm), msg('fire', 'FA-1', { ...alarm })], registry);
    expect(plan.rows).toHaveLength(1);
    expect(plan.repeats).toHaveLength(1);
    const outcome = settleBatch(plan, plan.rows, []);
    expect(outcome.fresh).toHaveLength(1);
    expect(outcome.duplicates).toBe(1);
    expect(outcome.receipts.map((r) => r.receipt)).toEqual([
      { seq: 5, status: 'ack' },
      { seq: 5, status: 'ack' },
    ]);
  });

  it('dead-letters the second of two messages with one identity and different bodies in one batch', () => {
    const plan = planBatch([msg('fire', 'FA-1', { ts: NOW, seq: 6, event: 'restore' }), msg('fire', 'FA-1', { ts: NOW, seq: 6, event: 'alarm' })], registry);
    expect(plan.rows).toHaveLength(1);
    expect(plan.deadLetters.map((d) => d.reason)).toEqual(['CITYOPS_INGEST_DUPLICATE_CONFLICT']);
    expect(plan.receipts).toEqual([{ deviceId: 'FA-1', receipt: { seq: 6, status: 'rejected', reason: 'CITYOPS_INGEST_DUPLICATE_CONFLICT' } }]);
  });

  it('treats float values the way the database stores them (float4), so a redelivery is not a conflict', () => {
    const a = msg('camera', 'CAM-1', { ts: NOW, seq: 1, status: 'online', fps: 29.97 });
    const b = msg('camera', 'CAM-1', { ts: NOW, seq: 1, status: 'online', fps: 29.970000000000002 });
    expect(planBatch([a, b], registry).repeats).toHaveLength(1);
  });

  it('refuses revoked, unknown and mis-kinded devices with their reasons', () => {
    const plan = planBatch(
      [
        msg('camera', 'CAM-OLD', { ts: NOW, seq: 1, status: 'online' }),
        msg('camera', 'CAM-NEW', { ts: NOW, seq: 1, status: 'online' }),
        msg('fire', 'CAM-1', { ts: NOW, seq: 1, event: 'alarm' }),
      ],
      registry,
    );
    expect(plan.rows).toEqual([]);
    expect(plan.deadLetters.map((d) => d.reason)).toEqual(['CITYOPS_INGEST_DEVICE_UNKNOWN', 'CITYOPS_INGEST_DEVICE_UNKNOWN', 'CITYOPS_INGEST_KIND_MISMATCH']);
    expect(plan.receipts.map((r) => r.deviceId)).toEqual(['CAM-1']);
  });
});

describe('settleBatch', () => {
  it('changes nothing for a message stored before with another body: dead letter, rejected receipt, no status', () => {
    const plan = planBatch(
      [msg('fire', 'FA-1', { ts: NOW, seq: 9, event: 'alarm' }), msg('camera', 'CAM-1', { ts: NOW, seq: 3, status: 'tampered' })],
      registry,
    );
    const [alarm, camera] = plan.rows as [never, never];
    const outcome = settleBatch(plan, [], [alarm, camera]);
    expect(outcome.fresh).toEqual([]);
    expect(outcome.statusUpdates).toEqual([]);
    expect(outcome.deadLetters.map((d) => [d.deviceId, d.reason])).toEqual([
      ['FA-1', 'CITYOPS_INGEST_DUPLICATE_CONFLICT'],
      ['CAM-1', 'CITYOPS_INGEST_DUPLICATE_CONFLICT'],
    ]);
    expect(outcome.receipts).toEqual([{ deviceId: 'FA-1', receipt: { seq: 9, status: 'rejected', reason: 'CITYOPS_INGEST_DUPLICATE_CONFLICT' } }]);
  });

  it('acknowledges a plain redelivery again but moves no status with it', () => {
    const plan = planBatch([msg('fire', 'FA-1', { ts: NOW, seq: 10, event: 'alarm' })], registry);
    const outcome = settleBatch(plan, [], []);
    expect(outcome.duplicates).toBe(1);
    expect(outcome.statusUpdates).toEqual([]);
    expect(outcome.receipts.map((r) => r.receipt.status)).toEqual(['ack']);
  });
});

describe('latestStatuses', () => {
  it('keeps the newest status per device; a heartbeat never hides an alarm', () => {
    const rows = [
      msg('fire', 'FA-1', { ts: NOW + 2, seq: 2, event: 'heartbeat' }),
      msg('fire', 'FA-1', { ts: NOW + 1, seq: 1, event: 'alarm' }),
      msg('camera', 'CAM-1', { ts: NOW, seq: 1, status: 'online' }),
      msg('camera', 'CAM-1', { ts: NOW + 5, seq: 2, status: 'offline' }),
    ].map((r) => (r.decoded.ok ? r.decoded.value : null)!);
    expect(latestStatuses(rows).map((u) => [u.id, u.status, u.seq])).toEqual([
      ['FA-1', 'alarm', 2],
      ['CAM-1', 'offline', 2],
    ]);
  });
});
