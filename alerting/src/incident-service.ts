import type { Logger } from 'pino';
import type { Incident } from '@cityops/contracts';
import type { EventTopic, LoggedEvent, Pool, PoolClient } from '@cityops/db';
import {
  acknowledgeIncident, appendEvents, contiguousPrefix, findDevice, openOrRepeatIncident, readConsumerOffset,
  readEventsAfter, resolveIncident, TailLoop, withTransaction, writeConsumerOffset,
} from '@cityops/db';
import { fireSignal, type FireEventRecord } from './rules/fire-rules.ts';

export const ALERTING_CONSUMER = 'alerting';

export interface AlertingOptions {
  pool: Pool;
  log: Logger;
  now?: () => number;
  pollMs?: number;
  /** How long a hole in the event log may be a transaction still committing. */
  gapGraceMs?: number;
  /** Called after alerting committed incident changes: in one process, wakes the console's reader. */
  onCommitted?: () => void;
}

export interface Alerting {
  /** Nudge: new events were committed (the gateway calls this in-process). */
  wake(): void;
  acknowledge(id: number, by: string): Promise<Incident>;
  resolve(id: number, by: string, note: string): Promise<Incident>;
  stop(): Promise<void>;
}

function incidentEvent(incident: Incident, opened: boolean): { topic: EventTopic; payload: object } {
  return { topic: opened ? 'incident.opened' : 'incident.updated', payload: { incident } };
}

/**
 * Alerting (first cut): consumes fire events from the event log with a durable offset, so every
 * committed alarm becomes an incident exactly once even across crashes; lifecycle commands write
 * the incident, its timeline and the realtime event in one transaction.
 */
export function startAlerting(opts: AlertingOptions): Alerting {
  const log = opts.log.child({ component: 'alerting' });
  const now = opts.now ?? Date.now;

  async function handle(db: PoolClient, e: LoggedEvent): Promise<void> {
    if (e.topic !== 'fire.event') return;
    const fire = e.payload as unknown as FireEventRecord;
    const device = await findDevice(db, fire.deviceId);
    const signal = fireSignal(fire, device);
    if (!signal) return;
    const { incident, opened } = await openOrRepeatIncident(db, signal);
    await appendEvents(db, [incidentEvent(incident, opened)]);
    if (opened) log.info({ incidentId: incident.id, deviceId: fire.deviceId, kind: incident.kind }, 'incident opened');
  }

  const step = () =>
    withTransaction(opts.pool, async (db) => {
      // The upsert locks the offset row until commit: two alerting replicas never share an event.
      const after = await readConsumerOffset(db, ALERTING_CONSUMER);
      const events = contiguousPrefix(await readEventsAfter(db, after, 200), after, now(), opts.gapGraceMs ?? 5000);
      for (const e of events) await handle(db, e);
      if (events.length > 0) await writeConsumerOffset(db, ALERTING_CONSUMER, events[events.length - 1]!.id);
      return events.length;
    }).then((n) => {
      if (n > 0) opts.onCommitted?.();
      return n;
    });

  const loop = new TailLoop(step, opts.pollMs ?? 500, log);
  loop.start();

  const command = (fn: (db: PoolClient) => Promise<Incident>) =>
    withTransaction(opts.pool, async (db) => {
      const incident = await fn(db);
      await appendEvents(db, [incidentEvent(incident, false)]);
      return incident;
    }).then((incident) => {
      opts.onCommitted?.();
      return incident;
    });

  return {
    wake: () => loop.wake(),
    acknowledge: (id, by) => command((db) => acknowledgeIncident(db, id, by, new Date(now()))),
    resolve: (id, by, note) => command((db) => resolveIncident(db, id, by, note, new Date(now()))),
    stop: () => loop.stop(),
  };
}
