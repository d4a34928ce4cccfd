import type { FireHandoff, Incident } from '@cityops/contracts';
import type { PoolClient } from '@cityops/db';
import { acknowledgeIncident, closeIncident, commentOnIncident, dispatchIncident, handOffIncident, resolveIncident } from '@cityops/db';
import { inTransaction, type CommandContext } from './command-context.ts';

/** What dispatchers do to an incident; each change is on its timeline and streamed as `incident:updated`. */
export interface IncidentCommands {
  acknowledge(id: number, by: string): Promise<Incident>;
  dispatch(id: number, by: string, assignee: string, note?: string): Promise<Incident>;
  resolve(id: number, by: string, note: string): Promise<Incident>;
  close(id: number, by: string, note?: string): Promise<Incident>;
  comment(id: number, by: string, text: string): Promise<Incident>;
  /** Dispatches to 114 with a record of the building and the nearest stations (default station: the nearest). */
  handoff(id: number, by: string, opts: { stationId?: string | undefined; note?: string | undefined }): Promise<{ incident: Incident; handoff: FireHandoff }>;
}

export function incidentCommands(ctx: CommandContext): IncidentCommands {
  const run = (fn: (db: PoolClient, at: Date) => Promise<Incident>) =>
    inTransaction(ctx, async (db, at) => {
      const incident = await fn(db, at);
      return { result: incident, events: [{ topic: 'incident.updated', payload: { incident } }] };
    });
  return {
    acknowledge: (id, by) => run((db, at) => acknowledgeIncident(db, id, by, at)),
    dispatch: (id, by, assignee, note) => run((db, at) => dispatchIncident(db, id, by, assignee.trim(), note?.trim() || null, at)),
    resolve: (id, by, note) => run((db, at) => resolveIncident(db, id, by, note, at)),
    close: (id, by, note) => run((db, at) => closeIncident(db, id, by, note?.trim() || null, at)),
    comment: (id, by, text) => run((db, at) => commentOnIncident(db, id, by, text, at)),
    handoff: (id, by, opts) =>
      inTransaction(ctx, async (db, at) => {
        const out = await handOffIncident(db, id, by, opts, at);
        return { result: out, events: [{ topic: 'incident.updated', payload: { incident: out.incident } }] };
      }),
  };
}
