import type { PoolClient } from 'pg';
import type { Incident } from '@cityops/contracts';
import { CityopsError } from '@cityops/contracts';
import { ACTIVE_STATES_SQL } from './incident-states.ts';
import { appendEvent, INCIDENT_COLUMNS, toIncident } from './incidents-repository.ts';

/**
 * The incident lifecycle a person drives: opened → acknowledged → dispatched → resolved → closed,
 * plus comments. Each command is one conditional UPDATE — the database is the arbiter between two
 * dispatchers, not a read-then-write — and appends to the timeline on the caller's transaction.
 * Leaving `open` stops the escalation timer.
 */

const LIVE = ACTIVE_STATES_SQL;

async function current(db: PoolClient, id: number): Promise<Record<string, unknown>> {
  const { rows } = await db.query(`SELECT ${INCIDENT_COLUMNS}, acknowledged_by FROM incidents WHERE id = $1`, [id]);
  if (!rows[0]) throw new CityopsError('CITYOPS_INCIDENT_NOT_FOUND', `no incident ${id}`);
  return rows[0];
}

function refuse(id: number, state: unknown, wanted: string): never {
  if (state === 'resolved' || state === 'closed') throw new CityopsError('CITYOPS_INCIDENT_ALREADY_RESOLVED', `incident ${id} is ${String(state)}`);
  throw new CityopsError('CITYOPS_INCIDENT_INVALID_TRANSITION', `incident ${id} is ${String(state)}; cannot ${wanted}`);
}

/** Exactly one acknowledgement wins; the same person acknowledging twice is a no-op, not a conflict. */
export async function acknowledgeIncident(db: PoolClient, id: number, by: string, at: Date): Promise<Incident> {
  const { rows } = await db.query(
    `UPDATE incidents SET state = 'acknowledged', acknowledged_at = $3, acknowledged_by = $2, next_escalation_at = NULL
     WHERE id = $1 AND state = 'open' RETURNING ${INCIDENT_COLUMNS}`,
    [id, by, at],
  );
  if (rows[0]) {
    await appendEvent(db, id, { type: 'acknowledged', at, actor: by });
    return toIncident(rows[0]);
  }
  const row = await current(db, id);
  if (row.state === 'resolved' || row.state === 'closed') refuse(id, row.state, 'acknowledge');
  if (row.acknowledged_by === by) return toIncident(row);
  throw new CityopsError('CITYOPS_INCIDENT_ALREADY_ACKNOWLEDGED', `acknowledged by ${String(row.acknowledged_by)}`);
}

/** Hands a live incident to a unit or agency; acknowledges it on the way if nobody had. Re-dispatch changes the assignee. */
export async function dispatchIncident(db: PoolClient, id: number, by: string, assignee: string, note: string | null, at: Date): Promise<Incident> {
  const { rows } = await db.query(
    `UPDATE incidents SET state = 'dispatched', assignee = $3, dispatched_at = $4, dispatched_by = $2, next_escalation_at = NULL,
       acknowledged_at = coalesce(acknowledged_at, $4), acknowledged_by = coalesce(acknowledged_by, $2)
     WHERE id = $1 AND state IN ${LIVE} RETURNING ${INCIDENT_COLUMNS}, (SELECT acknowledged_at IS NULL FROM incidents WHERE id = $1) AS was_open`,
    [id, by, assignee, at],
  );
  if (!rows[0]) refuse(id, (await current(db, id)).state, 'dispatch');
  if (rows[0].was_open) await appendEvent(db, id, { type: 'acknowledged', at, actor: by });
  await appendEvent(db, id, { type: 'dispatched', at, actor: by, note, data: { assignee } });
  return toIncident(rows[0]);
}

export async function resolveIncident(db: PoolClient, id: number, by: string, note: string, at: Date): Promise<Incident> {
  const { rows } = await db.query(
    `UPDATE incidents SET state = 'resolved', resolved_at = $3, resolved_by = $2, next_escalation_at = NULL,
       acknowledged_at = coalesce(acknowledged_at, $3), acknowledged_by = coalesce(acknowledged_by, $2)
     WHERE id = $1 AND state IN ${LIVE} RETURNING ${INCIDENT_COLUMNS}`,
    [id, by, at],
  );
  if (!rows[0]) refuse(id, (await current(db, id)).state, 'resolve');
  await appendEvent(db, id, { type: 'resolved', at, actor: by, note });
  return toIncident(rows[0]);
}

/** Closing is the review after resolution: only a resolved incident closes. */
export async function closeIncident(db: PoolClient, id: number, by: string, note: string | null, at: Date): Promise<Incident> {
  const { rows } = await db.query(
    `UPDATE incidents SET state = 'closed', closed_at = $3, closed_by = $2 WHERE id = $1 AND state = 'resolved' RETURNING ${INCIDENT_COLUMNS}`,
    [id, by, at],
  );
  if (!rows[0]) {
    const state = (await current(db, id)).state;
    throw new CityopsError('CITYOPS_INCIDENT_INVALID_TRANSITION', `incident ${id} is ${String(state)}; only a resolved incident can be closed`);
  }
  await appendEvent(db, id, { type: 'closed', at, actor: by, note });
  return toIncident(rows[0]);
}

/** Notes on an incident's timeline that a ticket is about it (the ticket's history is the caller's). */
export async function noteTicketLinked(db: PoolClient, id: number, ticketId: number, by: string, note: string | null, at: Date): Promise<Incident> {
  const row = await current(db, id);
  await appendEvent(db, id, { type: 'ticket_linked', at, actor: by, note, data: { ticketId } });
  return toIncident(row);
}

/**
 * A duplicate incident folded into another: the duplicate is resolved (its escalation stops) with a
 * `merged_into` entry, the other gains its occurrences and a `merged` entry. Both rows are locked in
 * id order, so two merges racing over the same pair cannot deadlock or both succeed. The work goes
 * on in the other incident, so the duplicate's own checklist does not hold the merge back.
 */
export async function mergeIncidents(
  db: PoolClient,
  fromId: number,
  intoId: number,
  by: string,
  note: string | null,
  at: Date,
): Promise<{ from: Incident; into: Incident }> {
  if (fromId === intoId) throw new CityopsError('CITYOPS_INCIDENT_INVALID_TRANSITION', 'an incident cannot be merged into itself');
  const { rows: locked } = await db.query(`SELECT id, state, occurrences, title FROM incidents WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE`, [
    [fromId, intoId],
  ]);
  const from = locked.find((r) => Number(r.id) === fromId);
  const into = locked.find((r) => Number(r.id) === intoId);
  if (!from) throw new CityopsError('CITYOPS_INCIDENT_NOT_FOUND', `no incident ${fromId}`);
  if (!into) throw new CityopsError('CITYOPS_INCIDENT_NOT_FOUND', `no incident ${intoId}`);
  if (from.state === 'resolved' || from.state === 'closed') refuse(fromId, from.state, 'merge it');
  if (into.state === 'resolved' || into.state === 'closed')
    throw new CityopsError('CITYOPS_INCIDENT_INVALID_TRANSITION', `incident ${intoId} is ${String(into.state)}; merge into a live incident`);
  const { rows: resolved } = await db.query(
    `UPDATE incidents SET state = 'resolved', resolved_at = $3, resolved_by = $2, next_escalation_at = NULL,
       acknowledged_at = coalesce(acknowledged_at, $3), acknowledged_by = coalesce(acknowledged_by, $2)
     WHERE id = $1 RETURNING ${INCIDENT_COLUMNS}`,
    [fromId, by, at],
  );
  const { rows: grown } = await db.query(`UPDATE incidents SET occurrences = occurrences + $2 WHERE id = $1 RETURNING ${INCIDENT_COLUMNS}`, [
    intoId,
    from.occurrences,
  ]);
  await appendEvent(db, fromId, { type: 'merged_into', at, actor: by, note, data: { into: intoId, title: into.title } });
  await appendEvent(db, intoId, { type: 'merged', at, actor: by, note, data: { from: fromId, title: from.title, occurrences: from.occurrences } });
  return { from: toIncident(resolved[0]), into: toIncident(grown[0]) };
}

/** Comments are allowed in every state: a closed incident's review is still worth writing down. */
export async function commentOnIncident(db: PoolClient, id: number, by: string, text: string, at: Date): Promise<Incident> {
  const row = await current(db, id);
  await appendEvent(db, id, { type: 'comment', at, actor: by, note: text });
  return toIncident(row);
}

/**
 * Moves every unacknowledged incident whose escalation step is due one level up the chain. The row
 * lock and the re-checked condition make it exactly once: a second alerting process, or this one
 * restarted after a crash, finds nothing left to do for that step. The lock is NO KEY UPDATE: a
 * transaction only appending to the incident's timeline (a comment, a notification's outcome)
 * holds KEY SHARE on it, which FOR UPDATE would wait for and SKIP LOCKED would skip, delaying the
 * page by a tick.
 */
export async function escalateDueIncidents(db: PoolClient, now: Date, limit = 100): Promise<Incident[]> {
  const { rows } = await db.query(
    `UPDATE incidents i SET
       escalation_level = i.escalation_level + 1,
       escalated_to = i.escalation -> i.escalation_level ->> 'notify',
       next_escalation_at = CASE WHEN jsonb_array_length(i.escalation) > i.escalation_level + 1
         THEN i.opened_at + ((i.escalation -> (i.escalation_level + 1) ->> 'afterMs')::bigint * interval '1 millisecond') END
     FROM (SELECT id FROM incidents WHERE next_escalation_at <= $1 AND state = 'open'
           ORDER BY next_escalation_at LIMIT $2 FOR NO KEY UPDATE SKIP LOCKED) due
     WHERE i.id = due.id AND i.state = 'open' AND i.next_escalation_at <= $1
     RETURNING ${INCIDENT_COLUMNS.split(',')
       .map((c) => `i.${c.trim()}`)
       .join(', ')}, i.escalation -> (i.escalation_level - 1) ->> 'afterMs' AS after_ms`,
    [now, limit],
  );
  for (const r of rows) {
    await appendEvent(db, r.id, {
      type: 'escalated',
      at: now,
      actor: 'cityops',
      data: { level: r.escalation_level, notify: r.escalated_to, unacknowledgedForMs: Number(r.after_ms) },
    });
  }
  return rows.map(toIncident);
}

/** Ticks (or unticks) a checklist item of a live incident: an entry on its timeline with who, when and the item's text. */
export async function tickChecklistItem(
  db: PoolClient,
  id: number,
  item: { id: string; text: string },
  done: boolean,
  by: string,
  note: string | null,
  at: Date,
): Promise<Incident> {
  const { rows } = await db.query(`SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE id = $1 AND state IN ${LIVE}`, [id]);
  if (!rows[0]) refuse(id, (await current(db, id)).state, 'tick its checklist');
  await appendEvent(db, id, { type: 'checklist', at, actor: by, note, data: { item: item.id, text: item.text, done } });
  return toIncident(rows[0]);
}

/** A supervisor resolves with required items open: the reason and the items go on the timeline first. */
export async function recordChecklistOverride(db: PoolClient, id: number, by: string, reason: string, items: readonly string[], at: Date): Promise<void> {
  await appendEvent(db, id, { type: 'checklist_overridden', at, actor: by, note: reason, data: { items } });
}
