import type { Pool } from 'pg';
import { CityopsError, type Handover, type HandoverSnapshot } from '@cityops/contracts';

const COLUMNS = 'id, created_at, outgoing, notes, snapshot, incoming, accepted_at, incoming_note';

function toHandover(r: Record<string, unknown>): Handover {
  return {
    id: Number(r.id),
    createdAt: (r.created_at as Date).toISOString(),
    outgoing: r.outgoing as string,
    notes: r.notes as string,
    incoming: (r.incoming as string | null) ?? null,
    acceptedAt: r.accepted_at ? (r.accepted_at as Date).toISOString() : null,
    incomingNote: (r.incoming_note as string | null) ?? null,
    snapshot: r.snapshot as HandoverSnapshot,
  };
}

export async function insertHandover(db: Pool, h: { outgoing: string; notes: string; snapshot: HandoverSnapshot; at: Date }): Promise<Handover> {
  const { rows } = await db.query(`INSERT INTO shift_handovers (created_at, outgoing, notes, snapshot) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`, [
    h.at,
    h.outgoing,
    h.notes,
    JSON.stringify(h.snapshot),
  ]);
  return toHandover(rows[0]);
}

export async function getHandover(db: Pool, id: number): Promise<Handover> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM shift_handovers WHERE id = $1`, [id]);
  if (!rows[0]) throw new CityopsError('CITYOPS_HANDOVER_NOT_FOUND', `no handover ${id}`);
  return toHandover(rows[0]);
}

/** Newest first; `before` pages by id. */
export async function listHandovers(db: Pool, f: { before?: number | undefined; limit: number }): Promise<Handover[]> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM shift_handovers WHERE ($1::bigint IS NULL OR id < $1) ORDER BY id DESC LIMIT $2`, [
    f.before ?? null,
    f.limit,
  ]);
  return rows.map(toHandover);
}

/** The incoming signature: once, by someone other than the outgoing operator. */
export async function acceptHandover(db: Pool, id: number, incoming: string, note: string | null, at: Date): Promise<Handover> {
  const current = await getHandover(db, id);
  if (current.incoming !== null) throw new CityopsError('CITYOPS_HANDOVER_ALREADY_ACCEPTED', `handover ${id} was signed by ${current.incoming}`);
  if (current.outgoing === incoming) throw new CityopsError('CITYOPS_HANDOVER_SAME_PERSON', 'you made this handover; the next operator signs it');
  const { rows } = await db.query(
    `UPDATE shift_handovers SET incoming = $2, accepted_at = $3, incoming_note = $4 WHERE id = $1 AND incoming IS NULL RETURNING ${COLUMNS}`,
    [id, incoming, at, note],
  );
  // Someone else signed between the read and the update.
  if (!rows[0]) throw new CityopsError('CITYOPS_HANDOVER_ALREADY_ACCEPTED', `handover ${id} was signed meanwhile`);
  return toHandover(rows[0]);
}
