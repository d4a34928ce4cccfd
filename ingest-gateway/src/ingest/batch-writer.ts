import type { Pool, StatusChange, StoredTelemetry, EventTopic } from '@cityops/db';
import { appendEvents, deviceStatusEvent, insertDeadLetters, insertTelemetry, updateDeviceStatuses, withTransaction } from '@cityops/db';
import { parseTopic } from '@cityops/contracts';
import { planBatch, type BatchPlan, type Received } from '../pipeline/plan-batch.ts';
import type { RegistryCache } from './registry-cache.ts';

export interface CommitResult {
  plan: BatchPlan;
  /** Messages stored for the first time (redeliveries excluded). */
  fresh: StoredTelemetry[];
  statusChanges: StatusChange[];
}

/** Events other processes consume from the event log (alerting, the console's realtime bridge). */
export function eventsFor(fresh: readonly StoredTelemetry[], changes: readonly StatusChange[]): { topic: EventTopic; payload: object }[] {
  const events: { topic: EventTopic; payload: object }[] = [];
  for (const m of fresh) {
    if (m.kind === 'fire' && m.payload.event !== 'heartbeat') {
      const { ts: _ts, ...event } = m.payload;
      events.push({ topic: 'fire.event', payload: { ...event, deviceId: m.deviceId, at: new Date(m.tsMs).toISOString(), area: m.area } });
    } else if (m.kind === 'transit') {
      // Alerting's replay and rejection-rate detectors read every tap; the console ignores them.
      const { token, result, routeId, stopId, vehicleId } = m.payload;
      events.push({ topic: 'transit.tap', payload: { id: m.deviceId, token, result, routeId, stopId, vehicleId, area: m.area, at: new Date(m.tsMs).toISOString() } });
    } else if (m.kind === 'queue') {
      const { waiting, serving, countersOpen, avgWaitSec, satisfactionPct } = m.payload;
      events.push({
        topic: 'queue.load',
        payload: { id: m.deviceId, waiting, serving, countersOpen, avgWaitSec, ...(satisfactionPct !== undefined ? { satisfactionPct } : {}), at: new Date(m.tsMs).toISOString() },
      });
    }
  }
  for (const c of changes) {
    events.push(deviceStatusEvent(c));
  }
  return events;
}

/** A database refusal of the data itself (SQLSTATE classes 22 and 23), not of the connection. */
function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

async function commitPlan(pool: Pool, plan: BatchPlan): Promise<CommitResult> {
  return withTransaction(pool, async (db) => {
    await insertDeadLetters(db, plan.deadLetters);
    const fresh = await insertTelemetry(db, plan.rows);
    const statusChanges = await updateDeviceStatuses(db, plan.statusUpdates);
    await appendEvents(db, eventsFor(fresh, statusChanges));
    return { plan, fresh, statusChanges };
  });
}

/**
 * Writes a batch in one transaction: dead letters, rows, device status, event log. If the database
 * refuses a value that validation let through, the batch is bisected until the offending message is
 * found and dead-lettered, so one bad message can never stall the stream.
 */
export async function writeBatch(pool: Pool, registry: RegistryCache, batch: readonly Received[]): Promise<CommitResult> {
  const ids = batch.flatMap((r) => (r.decoded.ok ? [r.decoded.value.deviceId] : []));
  const plan = planBatch(batch, await registry.resolve(ids));
  try {
    return await commitPlan(pool, plan);
  } catch (err) {
    if (!isDataError(err)) throw err;
    if (batch.length === 1) {
      const [r] = batch as [Received];
      const parsed = parseTopic(r.topic);
      const seq = r.decoded.ok ? r.decoded.value.seq : undefined;
      const refused: BatchPlan = {
        rows: [], statusUpdates: [],
        deadLetters: [{ deviceId: parsed.ok ? parsed.deviceId : null, topic: r.topic, payload: r.payload, reason: 'CITYOPS_INGEST_STORE_REFUSED', detail: (err as Error).message.slice(0, 300), seq }],
        receipts: parsed.ok && parsed.kind === 'fire' && seq !== undefined ? [{ deviceId: parsed.deviceId, receipt: { seq, status: 'rejected', reason: 'CITYOPS_INGEST_STORE_REFUSED' } }] : [],
      };
      return commitPlan(pool, refused);
    }
    const mid = Math.ceil(batch.length / 2);
    const a = await writeBatch(pool, registry, batch.slice(0, mid));
    const b = await writeBatch(pool, registry, batch.slice(mid));
    return {
      plan: {
        rows: [...a.plan.rows, ...b.plan.rows],
        deadLetters: [...a.plan.deadLetters, ...b.plan.deadLetters],
        statusUpdates: [...a.plan.statusUpdates, ...b.plan.statusUpdates],
        receipts: [...a.plan.receipts, ...b.plan.receipts],
      },
      fresh: [...a.fresh, ...b.fresh],
      statusChanges: [...a.statusChanges, ...b.statusChanges],
    };
  }
}
