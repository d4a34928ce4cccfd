import type { PoolClient } from 'pg';

/** One entry of an append-only history: an incident's timeline or a ticket's. */
export interface HistoryEntry {
  type: string;
  at: Date;
  actor?: string | null;
  note?: string | null;
  data?: object;
}

const TABLES = { incident: 'incident_events (incident_id', ticket: 'ticket_events (ticket_id' } as const;

/** Appends to the history of an incident or a ticket; both tables refuse updates and deletes. */
export async function appendHistory(db: PoolClient, of: keyof typeof TABLES, id: number, e: HistoryEntry): Promise<void> {
  await db.query(`INSERT INTO ${TABLES[of]}, at, type, actor, note, data) VALUES ($1, $2, $3, $4, $5, $6)`, [
    id,
    e.at,
    e.type,
    e.actor ?? null,
    e.note ?? null,
    JSON.stringify(e.data ?? {}),
  ]);
}

export const isoOrNull = (d: unknown): string | null => (d ? (d as Date).toISOString() : null);
