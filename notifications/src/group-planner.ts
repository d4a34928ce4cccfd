import type { Incident } from '@cityops/contracts';
import { joinGroupDelivery, latestGroupDelivery, planDeliveries, type PoolClient } from '@cityops/db';
import { buildGroupMessage, withIncidentAdded } from './message/group-message.ts';
import type { IncidentFacts } from './policy/match-routes.ts';
import { groupJoins, nextGroupDue, type PlanContext } from './policy/plan.ts';

/**
 * An opening incident on routes with `groupBy`: it joins its group's notification while that one
 * still waits to go, or starts the group's next one, due a group interval after the last. Runs in
 * the planner's transaction, which holds the notifier's offset: groups are planned one event at a
 * time, and an event read again finds itself already listed. Returns the notifications planned or grown.
 */
export async function planGroupNotifications(db: PoolClient, incident: Incident, facts: IncidentFacts, at: Date, ctx: PlanContext, now: Date): Promise<number> {
  let planned = 0;
  for (const join of groupJoins(facts, ctx)) {
    const last = await latestGroupDelivery(db, join.groupKey, join.contactPointId);
    if (last?.incidentIds.includes(incident.id)) continue;
    if (last?.open) {
      // A critical incident brings the waiting notification forward; others go when it goes.
      const dueBy = incident.severity === 'critical' ? nextGroupDue(join, null, incident, now, ctx) : null;
      if (await joinGroupDelivery(db, last.id, incident.id, withIncidentAdded(last.message, incident, ctx.publicUrl), dueBy)) {
        planned += 1;
        continue;
      }
      // Claimed for sending meanwhile: this incident starts the group's next notification.
    }
    const due = nextGroupDue(join, last, incident, now, ctx);
    // Named after the notification it follows: the same state of the table gives the same key.
    const key = `group:${join.groupKey}:after${last?.id ?? 0}:cp${join.contactPointId}`;
    planned += await planDeliveries(db, [
      {
        key,
        contactPointId: join.contactPointId,
        incidentId: incident.id,
        reason: 'opened',
        dueAt: due,
        giveUpAt: new Date(due.getTime() + ctx.giveUpAfterMs),
        message: buildGroupMessage({ key, incident, at, publicUrl: ctx.publicUrl, groupKey: join.groupKey, by: join.by }),
        group: { key: join.groupKey, incidentIds: [incident.id] },
      },
    ]);
  }
  return planned;
}
