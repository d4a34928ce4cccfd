import type { Logger } from 'pino';
import type { Incident, Ticket } from '@cityops/contracts';
import {
  citizensWaitingForUpdates,
  contiguousPrefix,
  findBuildingOfDevice,
  incidentLines,
  listHandoffs,
  notifiedContactPoints,
  planCitizenUpdates,
  planDeliveries,
  readConsumerOffset,
  readNotificationPolicy,
  readTopicsAfter,
  reportStatusByToken,
  sendableContactPoints,
  unacknowledgedIncidents,
  withTransaction,
  writeConsumerOffset,
  type Pool,
  type PlannedCitizenUpdate,
  type PoolClient,
} from '@cityops/db';
import type { IncidentFacts } from './policy/match-routes.ts';
import { planBuildingContact, planIncidentEvent, planRepeats, type PlanContext } from './policy/plan.ts';
import { citizenUpdateKey, planCitizenUpdate } from './citizens/plan-citizen-update.ts';
import { planGroupNotifications } from './group-planner.ts';

export const NOTIFIER_CONSUMER = 'notifications';

export interface PlannerOptions {
  pool: Pool;
  log: Logger;
  now: () => number;
  /** The console's address for links, read when planning (the console may start listening after the notifier). */
  publicUrl: () => string;
  giveUpAfterMs: number;
  utcOffsetMinutes: number;
  gapGraceMs: number;
}

export const factsOf = (i: Incident, line: string | null): IncidentFacts => ({ kind: i.kind, severity: i.severity, area: i.area, line, ruleId: i.ruleId });

/**
 * Turns incident events into planned deliveries, and tickets' milestones into citizens' e-mails. It reads the event log with its own durable
 * offset and plans in the same transaction that moves the offset, so each event is planned once
 * whatever crashes; the deliveries' unique keys make a second notifier (or a replay) harmless.
 */
export function createPlanner(o: PlannerOptions) {
  async function context(db: PoolClient): Promise<PlanContext> {
    const [{ policy }, contactPoints] = await Promise.all([readNotificationPolicy(db), sendableContactPoints(db)]);
    return { policy, contactPoints, publicUrl: o.publicUrl(), giveUpAfterMs: o.giveUpAfterMs, utcOffsetMinutes: o.utcOffsetMinutes };
  }

  /** E-mails to the citizens whose reports reached a milestone in these events (and who asked for them). */
  async function planCitizens(db: PoolClient, tickets: readonly Ticket[]): Promise<number> {
    const atMilestone = tickets.filter((t) => citizenUpdateKey(t) !== null);
    const tokens = await citizensWaitingForUpdates(db, [...new Set(atMilestone.map((t) => t.id))]);
    const now = new Date(o.now());
    const planned: PlannedCitizenUpdate[] = [];
    for (const t of atMilestone) {
      const token = tokens.get(t.id);
      const status = token ? await reportStatusByToken(db, token, now) : null;
      const update =
        token && status
          ? planCitizenUpdate(t, status, token, { publicUrl: o.publicUrl(), giveUpAfterMs: o.giveUpAfterMs, utcOffsetMinutes: o.utcOffsetMinutes }, now)
          : null;
      if (update) planned.push(update);
    }
    return planCitizenUpdates(db, planned);
  }

  /** One batch of the event log; returns how many events it moved past (0: caught up). */
  async function step(): Promise<{ events: number; planned: number }> {
    return withTransaction(o.pool, async (db) => {
      // The upsert locks the offset row until commit: two notifiers never plan the same batch at once.
      const after = await readConsumerOffset(db, NOTIFIER_CONSUMER);
      const rows = contiguousPrefix(
        await readTopicsAfter(db, after, 500, ['incident.opened', 'incident.updated', 'ticket.updated']),
        after,
        o.now(),
        o.gapGraceMs,
      );
      if (rows.length === 0) return { events: 0, planned: 0 };
      const incidentEvents = rows.flatMap((r) => (r.event?.topic === 'incident.opened' || r.event?.topic === 'incident.updated' ? [r.event] : []));
      let planned = 0;
      if (incidentEvents.length > 0) {
        const ctx = await context(db);
        const lines = await incidentLines(db, [...new Set(incidentEvents.map((e) => e.payload.incident.id))]);
        for (const e of incidentEvents) {
          const incident = e.payload.incident;
          const resolvedNow = incident.state === 'resolved' || incident.state === 'closed';
          const told = resolvedNow ? await notifiedContactPoints(db, incident.id) : new Set<number>();
          // A dispatch to 114 that was a fire hand-off carries its record to 114's system.
          const handoff =
            incident.state === 'dispatched' && incident.assignee === '114' && ctx.policy.dispatch?.['114']
              ? (await listHandoffs(db, incident.id)).at(-1)
              : undefined;
          const facts = factsOf(incident, lines.get(incident.id) ?? null);
          planned += await planDeliveries(db, planIncidentEvent(e.topic, incident, facts, e.at, ctx, told, new Date(o.now()), handoff));
          if (e.topic === 'incident.opened') planned += await planGroupNotifications(db, incident, facts, e.at, ctx, new Date(o.now()));
          if (e.topic === 'incident.opened' && incident.deviceId && ctx.policy.buildingContact) {
            const building = await findBuildingOfDevice(db, incident.deviceId);
            if (building?.contactPhone) {
              const contact = { buildingId: building.id, name: building.contactName, phone: building.contactPhone };
              planned += await planDeliveries(db, planBuildingContact(incident, contact, e.at, ctx, new Date(o.now())));
            }
          }
        }
      }
      planned += await planCitizens(
        db,
        rows.flatMap((r) => (r.event?.topic === 'ticket.updated' ? [r.event.payload.ticket] : [])),
      );
      await writeConsumerOffset(db, NOTIFIER_CONSUMER, rows[rows.length - 1]!.id);
      return { events: rows.length, planned };
    });
  }

  /** Reminders for incidents still unacknowledged past their routes' repeat interval. */
  async function repeats(): Promise<number> {
    return withTransaction(o.pool, async (db) => {
      const ctx = await context(db);
      if (ctx.contactPoints.size === 0) return 0;
      const open = await unacknowledgedIncidents(db);
      const lines = await incidentLines(
        db,
        open.map((i) => i.id),
      );
      const now = new Date(o.now());
      return planDeliveries(
        db,
        open.flatMap((i) => planRepeats(i, factsOf(i, lines.get(i.id) ?? null), now, ctx)),
      );
    });
  }

  return { step, repeats };
}
