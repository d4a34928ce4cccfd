import type { FireHandoff, Incident, NotificationPolicy, NotificationReason, Role } from '@cityops/contracts';
import type { PlannedDelivery } from '@cityops/db';
import { buildMessage } from '../message/render.ts';
import { tracePolicy, type IncidentFacts, type ResolvedRoute } from './match-routes.ts';
import { releaseTime } from './quiet-hours.ts';

/** The contact points the planner may send to, by name (deleted and disabled ones are absent). */
export type ContactPointIds = ReadonlyMap<string, number>;

export interface PlanContext {
  policy: NotificationPolicy;
  contactPoints: ContactPointIds;
  publicUrl: string;
  /** How long a delivery is retried before it is given up (counted from when it is due). */
  giveUpAfterMs: number;
  utcOffsetMinutes: number;
}

export const deliveryKey = (incidentId: number, step: string, contactPointId: number) => `incident:${incidentId}:${step}:cp${contactPointId}`;

const ESCALATION_ROLES: readonly Role[] = ['viewer', 'dispatcher', 'supervisor', 'admin'];

function deliveriesTo(
  names: readonly string[],
  ctx: PlanContext,
  make: (contactPointId: number) => Omit<PlannedDelivery, 'contactPointId' | 'giveUpAt'>,
  seen: Set<number>,
): PlannedDelivery[] {
  const out: PlannedDelivery[] = [];
  for (const name of names) {
    const id = ctx.contactPoints.get(name);
    // Two routes naming one contact point send it once.
    if (id === undefined || seen.has(id)) continue;
    seen.add(id);
    const d = make(id);
    out.push({ ...d, contactPointId: id, giveUpAt: new Date(d.dueAt.getTime() + ctx.giveUpAfterMs) });
  }
  return out;
}

/** When a route's notification goes out: after its group wait, and past quiet hours unless critical. */
function dueAt(route: ResolvedRoute, incident: Incident, at: Date, waitMs: number, ctx: PlanContext): Date {
  const wanted = new Date(at.getTime() + waitMs);
  if (!route.quietHours || incident.severity === 'critical') return wanted;
  return releaseTime(wanted, route.quietHours, ctx.utcOffsetMinutes);
}

/**
 * The deliveries one incident event calls for. Pure: the same event planned twice gives the same
 * idempotency keys, and the database keeps the first. An incident that opens notifies its routes;
 * each escalation step pages its role's contact points while nobody has acknowledged; a dispatch
 * tells the unit's contact points (`dispatch`); a resolve tells the routes that ask for it, but only
 * contact points that were told of the incident.
 */
export function planIncidentEvent(
  topic: 'incident.opened' | 'incident.updated',
  incident: Incident,
  facts: IncidentFacts,
  at: Date,
  ctx: PlanContext,
  alreadyNotified: ReadonlySet<number>,
  /** When it is planned: waits count from here (the event's `at` is the database's clock, the message says it). */
  now: Date,
  /** A dispatch to 114 that was a fire hand-off: its record, sent with the notification. */
  handoff?: FireHandoff,
): PlannedDelivery[] {
  const { notify } = tracePolicy(ctx.policy, facts);
  const seen = new Set<number>();
  const make =
    (reason: NotificationReason, step: string, due: Date, extra: { escalation?: { level: number; role: Role }; handoff?: FireHandoff } = {}) =>
    (contactPointId: number) => {
      const key = deliveryKey(incident.id, step, contactPointId);
      return { key, incidentId: incident.id, reason, dueAt: due, message: buildMessage({ key, reason, incident, at, publicUrl: ctx.publicUrl, ...extra }) };
    };

  if (topic === 'incident.opened') {
    // Grouped routes are planned with what the group already has (../group-planner.ts).
    return notify
      .filter((r) => r.groupBy.length === 0)
      .flatMap((r) => deliveriesTo(r.contactPoints, ctx, make('opened', 'opened', dueAt(r, incident, now, r.groupWaitMs, ctx)), seen));
  }
  if (incident.state === 'open' && incident.escalationLevel > 0 && incident.escalatedTo && ESCALATION_ROLES.includes(incident.escalatedTo)) {
    const role = incident.escalatedTo;
    const step = `escalated-${incident.escalationLevel}`;
    return deliveriesTo(
      ctx.policy.escalation?.[role] ?? [],
      ctx,
      make('escalated', step, now, { escalation: { level: incident.escalationLevel, role } }),
      seen,
    );
  }
  if (incident.state === 'dispatched' && incident.assignee && ctx.policy.dispatch?.[incident.assignee]) {
    // One notification per unit an incident is dispatched to: a re-dispatch elsewhere tells the new unit.
    const step = `dispatched-${encodeURIComponent(incident.assignee)}`;
    return deliveriesTo(ctx.policy.dispatch[incident.assignee]!, ctx, make('dispatched', step, now, handoff ? { handoff } : {}), seen);
  }
  if (incident.state === 'resolved' || incident.state === 'closed') {
    const told = notify.filter((r) => r.sendResolved).flatMap((r) => r.contactPoints.filter((n) => alreadyNotified.has(ctx.contactPoints.get(n) ?? -1)));
    return deliveriesTo(told, ctx, make('resolved', 'resolved', now), seen);
  }
  return [];
}

/** One grouped route's contact point an opening incident is told to, with its group. */
export interface GroupJoin {
  route: ResolvedRoute;
  contactPointId: number;
  /** The route and the incident's values of its `groupBy` fields: incidents that share it are told of together. */
  groupKey: string;
  by: Record<string, string | null>;
}

export function groupJoins(facts: IncidentFacts, ctx: PlanContext): GroupJoin[] {
  const out: GroupJoin[] = [];
  const seen = new Set<string>();
  for (const route of tracePolicy(ctx.policy, facts).notify) {
    if (route.groupBy.length === 0) continue;
    const by = Object.fromEntries(route.groupBy.map((f) => [f, facts[f] ?? null]));
    const groupKey = `${route.path.join('/')}|${route.groupBy.map((f) => `${f}=${facts[f] ?? ''}`).join('|')}`;
    for (const name of route.contactPoints) {
      const contactPointId = ctx.contactPoints.get(name);
      if (contactPointId === undefined || seen.has(`${groupKey}\u0000${contactPointId}`)) continue;
      seen.add(`${groupKey}\u0000${contactPointId}`);
      out.push({ route, contactPointId, groupKey, by });
    }
  }
  return out;
}

/**
 * When a group's next notification goes, Alertmanager's way: its first after the group wait; a later
 * one no sooner than a group interval after the previous went (or was due, while it is still being
 * tried); past quiet hours unless the incident is critical, which waits for neither quiet hours nor
 * the interval.
 */
export function nextGroupDue(
  join: GroupJoin,
  previous: { dueAt: Date; deliveredAt: Date | null } | null,
  incident: Incident,
  now: Date,
  ctx: PlanContext,
): Date {
  const afterWait = now.getTime() + join.route.groupWaitMs;
  if (incident.severity === 'critical' || !previous) return dueAt(join.route, incident, now, join.route.groupWaitMs, ctx);
  const afterInterval = (previous.deliveredAt ?? previous.dueAt).getTime() + join.route.groupIntervalMs;
  return dueAt(join.route, incident, new Date(Math.max(afterWait, afterInterval)), 0, ctx);
}

/**
 * Reminders while an incident stays unacknowledged: the n-th repeat interval since it opened is
 * step `repeated-n`, so a planner that runs twice (or two of them) plans each reminder once.
 */
export function planRepeats(incident: Incident, facts: IncidentFacts, now: Date, ctx: PlanContext): PlannedDelivery[] {
  if (incident.state !== 'open') return [];
  const seen = new Set<number>();
  const out: PlannedDelivery[] = [];
  for (const r of tracePolicy(ctx.policy, facts).notify) {
    if (r.repeatIntervalMs <= 0) continue;
    const n = Math.floor((now.getTime() - Date.parse(incident.openedAt) - r.groupWaitMs) / r.repeatIntervalMs);
    if (n < 1) continue;
    out.push(
      ...deliveriesTo(
        r.contactPoints,
        ctx,
        (contactPointId) => {
          const key = deliveryKey(incident.id, `repeated-${n}`, contactPointId);
          const due = dueAt(r, incident, now, 0, ctx);
          return {
            key,
            incidentId: incident.id,
            reason: 'repeated',
            dueAt: due,
            message: buildMessage({ key, reason: 'repeated', incident, at: now, publicUrl: ctx.publicUrl }),
          };
        },
        seen,
      ),
    );
  }
  return out;
}

/** The building a fire panel belongs to, as far as telling its contact goes. */
export interface BuildingContact {
  buildingId: string;
  name: string | null;
  phone: string;
}

/** Kinds a building's contact hears of unless the policy names others. */
export const DEFAULT_BUILDING_KINDS = ['fire_alarm'] as const;

/**
 * An incident that opens on a panel linked to a building tells the building's contact (its manager,
 * the people inside) through the policy's gateways, addressed to the building's number.
 */
export function planBuildingContact(incident: Incident, contact: BuildingContact, at: Date, ctx: PlanContext, now: Date): PlannedDelivery[] {
  const rule = ctx.policy.buildingContact;
  if (!rule || !(rule.kinds ?? DEFAULT_BUILDING_KINDS).includes(incident.kind as never)) return [];
  return deliveriesTo(
    rule.contactPoints,
    ctx,
    (contactPointId) => {
      const key = deliveryKey(incident.id, 'building', contactPointId);
      const recipient = { name: contact.name, phone: contact.phone, buildingId: contact.buildingId };
      return {
        key,
        incidentId: incident.id,
        reason: 'opened',
        dueAt: now,
        message: buildMessage({ key, reason: 'opened', incident, at, publicUrl: ctx.publicUrl, recipient }),
      };
    },
    new Set(),
  );
}
