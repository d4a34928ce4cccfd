import type { Pool, PoolClient } from 'pg';
import type { Ticket, TicketDuplicate, TicketState } from '@cityops/contracts';
import { DUPLICATE_RADIUS_M, DUPLICATE_WINDOW_MS } from '@cityops/contracts';

const EARTH_RADIUS_M = 6_371_000;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine): exact enough at 50 m, and cheap. */
export function distanceM(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

// A box a little larger than the radius: the index narrows by line, category and time, the box by
// place, and the exact distance is computed on what is left.
const BOX_LAT_DEG = (DUPLICATE_RADIUS_M * 1.2) / 111_000;

/**
 * Likely duplicates of each ticket (two callers reporting one problem): same line and category, within
 * 50 m, created within 24 h of it (so on intake: in the last 24 h), not itself; nearest first. One
 * query for a whole list.
 */
export async function findDuplicates(db: Pool | PoolClient, tickets: readonly Pick<Ticket, 'id' | 'lat' | 'lon'>[]): Promise<Map<number, TicketDuplicate[]>> {
  const out = new Map<number, TicketDuplicate[]>(tickets.map((t) => [t.id, []]));
  if (tickets.length === 0) return out;
  const { rows } = await db.query(
    `SELECT t.id AS of, d.id, d.lat, d.lon, d.created_at, d.state
       FROM tickets t JOIN tickets d
         ON d.line = t.line AND d.category = t.category AND d.id <> t.id
        AND d.created_at BETWEEN t.created_at - $2 * interval '1 millisecond' AND t.created_at + $2 * interval '1 millisecond'
        AND abs(d.lat - t.lat) <= $3 AND abs(d.lon - t.lon) <= $3 / greatest(0.01, cos(radians(t.lat)))
      WHERE t.id = ANY($1::bigint[])`,
    [tickets.map((t) => t.id), DUPLICATE_WINDOW_MS, BOX_LAT_DEG],
  );
  const byId = new Map(tickets.map((t) => [t.id, t]));
  for (const r of rows) {
    const of = byId.get(Number(r.of))!;
    const d = distanceM(of, { lat: r.lat as number, lon: r.lon as number });
    if (d > DUPLICATE_RADIUS_M) continue;
    out
      .get(of.id)!
      .push({ id: Number(r.id), distanceM: Math.round(d * 10) / 10, createdAt: (r.created_at as Date).toISOString(), state: r.state as TicketState });
  }
  for (const list of out.values()) list.sort((a, b) => a.distanceM - b.distanceM || b.id - a.id);
  return out;
}

/**
 * Tickets a report being typed may duplicate (the intake form's hint, before anything is filed):
 * same line and category, within 50 m of the point, created in the last 24 h; nearest first.
 */
export async function findDuplicatesNear(
  db: Pool | PoolClient,
  p: { line: string; category: string; lat: number; lon: number },
  now: Date,
  limit = 5,
): Promise<TicketDuplicate[]> {
  const { rows } = await db.query(
    `SELECT id, lat, lon, created_at, state FROM tickets
      WHERE line = $1 AND category = $2 AND created_at >= $3::timestamptz - $4 * interval '1 millisecond'
        AND abs(lat - $5) <= $7 AND abs(lon - $6) <= $7 / greatest(0.01, cos(radians($5)))`,
    [p.line, p.category, now, DUPLICATE_WINDOW_MS, p.lat, p.lon, BOX_LAT_DEG],
  );
  return rows
    .map((r) => ({ r, d: distanceM(p, { lat: r.lat as number, lon: r.lon as number }) }))
    .filter(({ d }) => d <= DUPLICATE_RADIUS_M)
    .sort((a, b) => a.d - b.d || Number(b.r.id) - Number(a.r.id))
    .slice(0, limit)
    .map(({ r, d }) => ({
      id: Number(r.id),
      distanceM: Math.round(d * 10) / 10,
      createdAt: (r.created_at as Date).toISOString(),
      state: r.state as TicketState,
    }));
}
