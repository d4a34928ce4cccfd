import type { Logger } from 'pino';
import type { Incident } from '@cityops/contracts';
import type { LoggedEvent, Pool, PoolClient } from '@cityops/db';
import {
  acknowledgeIncident, appendEvents, contiguousPrefix, findDevice, listDeviceLastSeen, readConsumerOffset,
  readEventsAfter, resolveIncident, TailLoop, withTransaction, writeConsumerOffset,
} from '@cityops/db';
import { DEFAULT_RULES, RuleEngine, type AnyRule, type EngineAction, type EngineInput } from './engine/index.ts';
import { applyActions } from './apply-actions.ts';
import { PlaceCache } from './place-cache.ts';

export const ALERTING_CONSUMER = 'alerting';

export interface AlertingOptions {
  pool: Pool;
  log: Logger;
  now?: () => number;
  pollMs?: number;
  /** How often time-driven rules run (heartbeats, pending → firing, recovering → resolved). */
  tickMs?: number;
  /** How long a hole in the event log may be a transaction still committing. */
  gapGraceMs?: number;
  rules?: readonly AnyRule[];
  /** Called after alerting committed incident changes: in one process, wakes the console's reader. */
  onCommitted?: () => void;
}

export interface Alerting {
  /** Nudge: new events were committed (the gateway calls this in-process). */
  wake(): void;
  /** Runs the time-driven rules now (tests drive it with their clock). */
  tick(): Promise<number>;
  acknowledge(id: number, by: string): Promise<Incident>;
  resolve(id: number, by: string, note: string): Promise<Incident>;
  stop(): Promise<void>;
}

/**
 * Alerting: consumes the event log with a durable offset (every committed event is evaluated once,
 * even across crashes), runs the rule engine (./engine, pure) on it and on a clock, and applies the
 * engine's actions to incidents in the same transaction as the offset.
 */
export function startAlerting(opts: AlertingOptions): Alerting {
  const log = opts.log.child({ component: 'alerting' });
  const now = opts.now ?? Date.now;
  const engine = new RuleEngine(opts.rules ?? DEFAULT_RULES);
  const places = new PlaceCache();
  // Silence is measured from when we started listening: a restart of the center is not every
  // device going quiet at once.
  const startedAt = now();

  async function inputFor(db: PoolClient, e: LoggedEvent): Promise<EngineInput | null> {
    const p = e.payload as Record<string, unknown>;
    const id = String(p.deviceId ?? p.id ?? '');
    if (!['fire.event', 'device.status', 'queue.load'].includes(e.topic) || !id) return null;
    const place = await places.get(id, () => findDevice(db, id));
    return { ...place, ...p, type: e.topic } as EngineInput;
  }

  const report = (actions: EngineAction[], applied: { opened: Incident[] }) => {
    for (const i of applied.opened) log.info({ incidentId: i.id, deviceId: i.deviceId, kind: i.kind, severity: i.severity }, 'incident opened');
    if (actions.length > 0) opts.onCommitted?.();
  };

  const step = async () => {
    const done = await withTransaction(opts.pool, async (db) => {
      // The upsert locks the offset row until commit: two alerting replicas never share an event.
      const after = await readConsumerOffset(db, ALERTING_CONSUMER);
      const events = contiguousPrefix(await readEventsAfter(db, after, 200), after, now(), opts.gapGraceMs ?? 5000);
      const actions: EngineAction[] = [];
      for (const e of events) {
        const input = await inputFor(db, e);
        if (input) actions.push(...engine.observe(input, now()));
      }
      const applied = await applyActions(db, actions);
      if (events.length > 0) await writeConsumerOffset(db, ALERTING_CONSUMER, events[events.length - 1]!.id);
      return { n: events.length, actions, applied };
    });
    report(done.actions, done.applied);
    return done.n;
  };

  const tick = async () => {
    const done = await withTransaction(opts.pool, async (db) => {
      const devices = (await listDeviceLastSeen(db)).map((d) => ({ ...d, lastSeenAt: d.lastSeenAt === null ? null : Math.max(d.lastSeenAt, startedAt) }));
      const actions = engine.tick(now(), devices);
      return { actions, applied: await applyActions(db, actions) };
    });
    report(done.actions, done.applied);
    return done.actions.length;
  };

  const loop = new TailLoop(step, opts.pollMs ?? 500, log);
  loop.start();
  let ticking = false;
  const tickTimer = setInterval(() => {
    if (ticking) return;
    ticking = true;
    tick().catch((err: Error) => log.warn({ err }, 'alerting tick failed; next one retries')).finally(() => (ticking = false));
  }, opts.tickMs ?? 5000);

  const command = (fn: (db: PoolClient) => Promise<Incident>) =>
    withTransaction(opts.pool, async (db) => {
      const incident = await fn(db);
      await appendEvents(db, [{ topic: 'incident.updated', payload: { incident } }]);
      return incident;
    }).then((incident) => {
      opts.onCommitted?.();
      return incident;
    });

  return {
    wake: () => loop.wake(),
    tick,
    acknowledge: (id, by) => command((db) => acknowledgeIncident(db, id, by, new Date(now()))),
    resolve: (id, by, note) => command((db) => resolveIncident(db, id, by, note, new Date(now()))),
    async stop() {
      clearInterval(tickTimer);
      await loop.stop();
    },
  };
}
