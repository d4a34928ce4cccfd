import type { Logger } from 'pino';
import { Histogram, type Incident, type MetricFamily } from '@cityops/contracts';
import type { LoggedEvent, Pool, PoolClient } from '@cityops/db';
import {
  appendEvents,
  contiguousPrefix,
  escalateDueIncidents,
  findDevice,
  listDeviceLastSeen,
  loadAlertStates,
  readConsumerOffset,
  readEventsAfter,
  saveAlertStates,
  seedAlertRules,
  startLeaderLease,
  TailLoop,
  withTransaction,
  writeConsumerOffset,
} from '@cityops/db';
import { DEFAULT_RULES, RuleEngine, silencerAt, type AlertState, type AnyRule, type EngineAction, type EngineInput } from './engine/index.ts';
import { applyActions } from './apply-actions.ts';
import { PlaceCache } from './place-cache.ts';
import { openDeadlineIncidents } from './hotline-deadlines.ts';
import { loadAlertingConfig, type AlertingConfig } from './config/alerting-config.ts';
import { createAlertingCommands, type AlertingCommands } from './commands/index.ts';

export const ALERTING_CONSUMER = 'alerting';
/** The advisory lock under which one alerting process leads and the others stand by. */
export const ALERTING_LEASE_KEY = 7428020;

export interface AlertingOptions {
  pool: Pool;
  log: Logger;
  now?: () => number;
  pollMs?: number;
  /** How often time-driven rules run (heartbeats, pending → firing, recovering → resolved, escalation). */
  tickMs?: number;
  /** How long a hole in the event log may be a transaction still committing. */
  gapGraceMs?: number;
  /** The shipped rules, installed in `alert_rules` on start (supervisors' edits are kept). */
  rules?: readonly AnyRule[];
  /** Called after alerting committed incident changes: in one process, wakes the console's reader. */
  onCommitted?: () => void;
  /**
   * Several alerting processes on one PostgreSQL: one leads, the others stand by and take over when
   * it dies (within `pollMs`). Without it this process always runs (the embedded database, one process).
   */
  leadership?: { connectionString: string; pollMs?: number };
}

export interface Alerting extends AlertingCommands {
  /** Nudge: new events were committed (the gateway calls this in-process). */
  wake(): void;
  /** Runs the time-driven rules and escalations now (tests drive it with their clock). */
  tick(): Promise<number>;
  /** What this alerting process measures, for /metrics. */
  families(): MetricFamily[];
  stop(): Promise<void>;
}

/**
 * Event-log topics the engine reads, and the observation each becomes (before the registry adds
 * the device's place). The payloads are typed by topic (contracts' EventLogPayloads): a field a
 * writer stops setting breaks the build here.
 */
export function observationOf(e: LoggedEvent): { deviceId: string | null; input: EngineInput } | null {
  switch (e.topic) {
    case 'fire.event':
      return { deviceId: e.payload.deviceId, input: { ...e.payload, type: 'fire.event' } };
    case 'device.status':
      return { deviceId: e.payload.id, input: { ...e.payload, type: 'device.status' } };
    case 'queue.load':
      return { deviceId: e.payload.id, input: { ...e.payload, type: 'queue.load' } };
    case 'transit.tap':
      return { deviceId: e.payload.id, input: { ...e.payload, type: 'transit.tap' } };
    case 'ticket.opened':
    case 'ticket.updated': {
      const t = e.payload.ticket;
      return { deviceId: null, input: { ...t, type: 'ticket', at: t.updatedAt ?? t.createdAt } };
    }
    default:
      return null;
  }
}

/**
 * Alerting: consumes the event log with a durable offset (every committed event is evaluated once,
 * even across crashes), runs the rule engine (./engine, pure) on it and on a clock, and applies the
 * engine's actions to incidents in the same transaction as the offset and the alert states it
 * leaves behind — so a restart resumes every pending timer, and escalations are rows, not timers.
 */
export function startAlerting(opts: AlertingOptions): Alerting {
  const log = opts.log.child({ component: 'alerting' });
  const now = opts.now ?? Date.now;
  const shipped = opts.rules ?? DEFAULT_RULES;
  const places = new PlaceCache();
  const commands = createAlertingCommands({ pool: opts.pool, now, onCommitted: opts.onCommitted, shippedRules: shipped });
  const metrics = {
    // Wall clock, not `now`: the event's `at` is the database's time of its writer's transaction.
    eventToIncident: new Histogram(
      'cityops_alerting_event_to_incident_seconds',
      "From the transaction that logged an event to the commit of the incident it opened (a fire alarm's path through alerting), by incident kind",
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      [{ kind: 'fire_alarm' }],
    ),
  };
  // Silence is measured from when we started listening: a restart of the center is not every
  // device going quiet at once.
  const startedAt = now();

  let engine: RuleEngine | null = null;
  // A new leader starts from what the last one committed, and a standby keeps no engine of its own.
  const lease = opts.leadership
    ? startLeaderLease({
        connectionString: opts.leadership.connectionString,
        key: ALERTING_LEASE_KEY,
        name: 'cityops-alerting',
        log,
        pollMs: opts.leadership.pollMs,
        onAcquired: () => {
          engine = null;
          loop.wake();
        },
        onLost: () => (engine = null),
      })
    : undefined;
  const leading = () => lease?.held ?? true;
  const transaction = <T>(fn: (db: PoolClient) => Promise<T>) => (lease ? lease.transaction(fn) : withTransaction(opts.pool, fn));
  let config: AlertingConfig = { rules: [], silences: [], windows: [], invalid: [] };

  async function reloadConfig(db: PoolClient, e: RuleEngine): Promise<void> {
    config = await loadAlertingConfig(db, now());
    for (const bad of config.invalid) log.error({ ruleId: bad.id, problem: bad.problem }, 'stored alert rule skipped: the engine cannot run it');
    e.setRules(config.rules);
  }

  /** The engine, built from the database: rules, silences, windows and the persisted alert states. */
  async function ready(db: PoolClient): Promise<RuleEngine> {
    if (engine) return engine;
    await seedAlertRules(db, shipped);
    const e = new RuleEngine([]);
    await reloadConfig(db, e);
    e.load((await loadAlertStates(db)) as unknown as AlertState[]);
    log.info({ rules: config.rules.length, states: e.states().length }, 'alerting engine loaded');
    engine = e;
    return e;
  }

  // Steps and ticks take turns: each persists exactly the state changes it made, in its own transaction.
  let turn: Promise<unknown> = Promise.resolve();
  /** One unit of work on a transaction; a failure drops the in-memory engine so the next one reloads what committed. */
  function unit<T>(fn: (db: PoolClient, e: RuleEngine) => Promise<T>): Promise<T> {
    const run = turn.then(() => unitNow(fn));
    turn = run.catch(() => undefined);
    return run;
  }
  async function unitNow<T>(fn: (db: PoolClient, e: RuleEngine) => Promise<T>): Promise<T> {
    try {
      return await transaction(async (db) => {
        const e = await ready(db);
        e.setSilencer(silencerAt(config.silences, config.windows, now()));
        const out = await fn(db, e);
        await saveAlertStates(db, e.takeChanges());
        return out;
      });
    } catch (err) {
      engine = null;
      throw err;
    }
  }

  async function inputFor(db: PoolClient, e: LoggedEvent): Promise<EngineInput | null> {
    const o = observationOf(e);
    if (!o) return null;
    if (o.deviceId === null) return o.input;
    if (!o.deviceId) return null;
    const id = o.deviceId;
    const place = await places.get(id, () => findDevice(db, id));
    return { ...place, ...o.input } as EngineInput;
  }

  const report = (actions: EngineAction[], applied: { opened: Incident[] }, escalated: Incident[] = []) => {
    for (const i of applied.opened) log.info({ incidentId: i.id, deviceId: i.deviceId, kind: i.kind, severity: i.severity }, 'incident opened');
    for (const i of escalated)
      log.warn({ incidentId: i.id, escalationLevel: i.escalationLevel, notify: i.escalatedTo }, 'incident escalated: still unacknowledged');
    if (actions.length > 0 || escalated.length > 0 || applied.opened.length > 0) opts.onCommitted?.();
  };

  const step = async () => {
    if (!leading()) return 0;
    // When each event that opened an incident was logged: how long the city waited for it is
    // measured once the incident is committed.
    const openedFrom: { at: Date; kind: string }[] = [];
    const done = await unit(async (db, e) => {
      openedFrom.length = 0;
      // The upsert locks the offset row until commit: two alerting replicas never share an event.
      const after = await readConsumerOffset(db, ALERTING_CONSUMER);
      const events = contiguousPrefix(await readEventsAfter(db, after, 200), after, now(), opts.gapGraceMs ?? 5000);
      const actions: EngineAction[] = [];
      for (const ev of events) {
        if (ev.topic === 'alerting.config') {
          await reloadConfig(db, e);
          e.setSilencer(silencerAt(config.silences, config.windows, now()));
          continue;
        }
        const input = await inputFor(db, ev);
        if (!input) continue;
        const produced = e.observe(input, now());
        for (const a of produced) if (a.type === 'open') openedFrom.push({ at: ev.at, kind: a.signal.kind });
        actions.push(...produced);
      }
      const applied = await applyActions(db, actions);
      if (events.length > 0) await writeConsumerOffset(db, ALERTING_CONSUMER, events[events.length - 1]!.id);
      return { n: events.length, actions, applied };
    });
    const committedAt = Date.now();
    for (const o of openedFrom) metrics.eventToIncident.observe(Math.max(0, committedAt - o.at.getTime()) / 1000, { kind: o.kind });
    report(done.actions, done.applied);
    return done.n;
  };

  const tick = async () => {
    if (!leading()) return 0;
    const done = await unit(async (db, e) => {
      const devices = (await listDeviceLastSeen(db)).map((d) => ({ ...d, lastSeenAt: d.lastSeenAt === null ? null : Math.max(d.lastSeenAt, startedAt) }));
      const actions = e.tick(now(), devices);
      const applied = await applyActions(db, actions);
      const escalated = await escalateDueIncidents(db, new Date(now()));
      const late = await openDeadlineIncidents(db, new Date(now()));
      await appendEvents(db, [
        ...escalated.map((incident) => ({ topic: 'incident.updated' as const, payload: { incident } })),
        ...late.map((incident) => ({ topic: 'incident.opened' as const, payload: { incident } })),
      ]);
      applied.opened.push(...late);
      return { actions, applied, escalated };
    });
    report(done.actions, done.applied, done.escalated);
    return done.actions.length + done.escalated.length;
  };

  const loop = new TailLoop(step, opts.pollMs ?? 500, log);
  loop.start();
  let ticking = false;
  const tickTimer = setInterval(() => {
    if (ticking) return;
    ticking = true;
    tick()
      .catch((err: Error) => log.warn({ err }, 'alerting tick failed; next one retries'))
      .finally(() => (ticking = false));
  }, opts.tickMs ?? 5000);

  return {
    ...commands,
    wake: () => loop.wake(),
    tick,
    families: () => [
      metrics.eventToIncident.family(),
      {
        name: 'cityops_alerting_leading',
        type: 'gauge',
        help: 'Whether this process runs the rule engine and escalations (1), or stands by for the one that does (0)',
        samples: [{ value: leading() ? 1 : 0 }],
      },
    ],
    async stop() {
      clearInterval(tickTimer);
      await loop.stop();
      await lease?.stop();
    },
  };
}
