import type { Incident } from '@cityops/contracts';
import type { EventLogEntry, PoolClient } from '@cityops/db';
import { appendEvents, noteIncidentByKey, openOrRepeatIncident, resolveIncidentByKey } from '@cityops/db';
import type { EngineAction } from './engine/index.ts';

export interface Applied {
  opened: Incident[];
  changed: Incident[];
}

/**
 * Applies the engine's actions on the caller's transaction: incidents, their timelines and the
 * realtime events commit together with the consumer offset (or the tick) that produced them.
 */
export async function applyActions(db: PoolClient, actions: readonly EngineAction[]): Promise<Applied> {
  const applied: Applied = { opened: [], changed: [] };
  const events: EventLogEntry<'incident.opened' | 'incident.updated'>[] = [];
  for (const a of actions) {
    const at = new Date(a.signal.at);
    if (a.type === 'open' || a.type === 'repeat') {
      const { incident, opened } = await openOrRepeatIncident(db, { ...a.signal, at });
      (opened ? applied.opened : applied.changed).push(incident);
      events.push({ topic: opened ? 'incident.opened' : 'incident.updated', payload: { incident } });
      continue;
    }
    // Recovered: close it when the rule says the condition speaks for itself (a camera back online);
    // otherwise (fire alarm, tampering, fraud) only note it — a person closes those.
    const incident = a.autoResolve
      ? await resolveIncidentByKey(db, a.signal.dedupKey, at, `Tự phục hồi — recovered (${a.ruleId})`)
      : await noteIncidentByKey(db, a.signal.dedupKey, at, 'recovered', { rule: a.ruleId });
    if (incident) {
      applied.changed.push(incident);
      events.push({ topic: 'incident.updated', payload: { incident } });
    }
  }
  await appendEvents(db, events);
  return applied;
}
