import type { RidershipItem } from '@cityops/contracts';
import type { Queryable } from './history-repository.ts';

export interface RidershipQuery {
  /** Bucket start (5-minute grid) and exclusive end. */
  from: Date;
  to: Date;
  routes: readonly string[] | null;
  stops: readonly string[] | null;
  areas: readonly string[] | null;
  limit: number;
}

const orNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const coord = (sum: unknown, n: unknown): number | null => (Number(n) > 0 ? Math.round((Number(sum) / Number(n)) * 1e5) / 1e5 : null);

/**
 * Taps per route and stop per 5 minutes from transit_taps_5m, newest bucket first.
 * Reads `limit + 1` rows so the caller can say the answer was cut.
 */
export async function readRidership(db: Queryable, q: RidershipQuery): Promise<{ items: RidershipItem[]; truncated: boolean }> {
  const { rows } = await db.query(
    `SELECT bucket, route_id, stop_id, min(area) AS area, sum(taps) AS taps, sum(accepted) AS accepted, sum(rejected) AS rejected,
       coalesce(sum(fare_vnd), 0) AS fare_vnd, sum(lat_sum) AS lat_sum, sum(lon_sum) AS lon_sum, sum(located) AS located
     FROM transit_taps_5m
     WHERE bucket >= $1 AND bucket < $2 AND ($3::text[] IS NULL OR route_id = ANY($3))
       AND ($4::text[] IS NULL OR stop_id = ANY($4)) AND ($5::text[] IS NULL OR area = ANY($5))
     GROUP BY bucket, route_id, stop_id ORDER BY bucket DESC, taps DESC, route_id, stop_id LIMIT $6`,
    [q.from, q.to, q.routes?.length ? q.routes : null, q.stops?.length ? q.stops : null, q.areas?.length ? q.areas : null, q.limit + 1],
  );
  const truncated = rows.length > q.limit;
  const items = rows.slice(0, q.limit).map((x) => ({
    bucket: (x.bucket as Date).toISOString(),
    routeId: x.route_id,
    stopId: x.stop_id ?? null,
    area: x.area ?? null,
    taps: Number(x.taps),
    accepted: Number(x.accepted),
    rejected: Number(x.rejected),
    fareVnd: Number(x.fare_vnd),
    lat: coord(x.lat_sum, x.located),
    lon: coord(x.lon_sum, x.located),
  }));
  return { items, truncated };
}

/** One stop's taps in one bucket, positioned: what `transit:ridership` carries. */
export interface RidershipStopCount {
  routeId: string;
  stopId: string | null;
  lat: number;
  lon: number;
  taps: number;
}

/**
 * Every positioned stop of one 5-minute bucket, for the ridership emitter. Stops whose taps carried no
 * position are left out: the heat layer cannot place them (they still count in readRidership).
 */
export async function readRidershipBucket(db: Queryable, bucket: Date): Promise<RidershipStopCount[]> {
  const { rows } = await db.query(
    `SELECT route_id, stop_id, sum(taps) AS taps, sum(lat_sum) AS lat_sum, sum(lon_sum) AS lon_sum, sum(located) AS located
     FROM transit_taps_5m WHERE bucket = $1 GROUP BY route_id, stop_id HAVING sum(located) > 0 ORDER BY route_id, stop_id`,
    [bucket],
  );
  return rows.map((x) => ({
    routeId: x.route_id,
    stopId: x.stop_id ?? null,
    lat: coord(x.lat_sum, x.located)!,
    lon: coord(x.lon_sum, x.located)!,
    taps: orNull(x.taps) ?? 0,
  }));
}

/** What the ridership emitters have streamed of `bucket` (epoch ms): taps by stop key. */
export interface RidershipStreamState {
  bucket: number;
  sent: Map<string, number>;
}

/** Null before the first refresh. Read under the emitters' advisory lock, in their transaction. */
export async function readRidershipStreamState(db: Queryable): Promise<RidershipStreamState | null> {
  const { rows } = await db.query<{ bucket: Date; sent: Record<string, number> }>('SELECT bucket, sent FROM ridership_stream_state');
  const row = rows[0];
  return row ? { bucket: row.bucket.getTime(), sent: new Map(Object.entries(row.sent)) } : null;
}

export async function saveRidershipStreamState(db: Queryable, state: RidershipStreamState): Promise<void> {
  await db.query(
    `INSERT INTO ridership_stream_state (bucket, sent) VALUES ($1, $2)
     ON CONFLICT (singleton) DO UPDATE SET bucket = excluded.bucket, sent = excluded.sent`,
    [new Date(state.bucket), JSON.stringify(Object.fromEntries(state.sent))],
  );
}
