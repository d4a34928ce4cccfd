import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Telemetry } from '@cityops/contracts';
import { connectedToPglite } from '../embedded/pglite-version.ts';
import { copyField } from './copy-text.ts';
import { STREAMS, type StoredTelemetry, type StreamTable } from './telemetry-streams.ts';

/**
 * The bulk path of `insertTelemetry` on a PostgreSQL server. A batch is COPYed (text format) into a
 * temporary table that is dropped with the transaction, then moved into its table by a plain
 * INSERT … SELECT, as fast as COPY into the table itself; only when that meets a stored identity
 * does the batch go again with ON CONFLICT DO NOTHING (about 30 % slower) and name its new rows.
 * Measured on 100,000 rows in batches of 5,000: 1.5–1.7× the rows per second of the unnest INSERT
 * that returned every stored row (`npm run bench`, figure d; bench/README.md has the variants). A
 * batch that meets a redelivery leaves one "duplicate key" ERROR in PostgreSQL's own log.
 *
 * Below COPY_MIN_ROWS the unnest INSERT stays: one round trip instead of three keeps a lone fire
 * alarm fast. The embedded database (PGlite) cannot take COPY FROM STDIN over its socket.
 */
export const COPY_MIN_ROWS = 100;

const copyCapable = new WeakMap<PoolClient, Promise<boolean>>();

/** Whether this batch goes by COPY: big enough, and the connection is to a PostgreSQL server. */
export async function takesCopy(client: PoolClient, rows: number): Promise<boolean> {
  if (rows < COPY_MIN_ROWS) return false;
  // Asked once per connection: the pool hands out the same client object for it each time.
  let answer = copyCapable.get(client);
  if (!answer) {
    answer = connectedToPglite(client).then((pglite) => !pglite);
    copyCapable.set(client, answer);
    // A failed question (a cancelled statement) is asked again next time, not remembered.
    answer.catch(() => copyCapable.delete(client));
  }
  return answer;
}

let stages = 0;
const SAVEPOINT = 'cityops_bulk_insert';
const UNIQUE_VIOLATION = '23505';

/**
 * Stores `rows` (one kind) and returns those that were new, in their order; a message whose identity
 * came earlier in the batch is not new.
 * Must run inside a transaction: the staging table lives until it ends.
 */
export async function copyTelemetry<K extends Telemetry['kind']>(client: PoolClient, kind: K, rows: readonly StoredTelemetry[]): Promise<StoredTelemetry[]> {
  const spec = STREAMS[kind] as StreamTable<K>;
  // A name of its own per call: two batches of one kind in one transaction each get a table.
  const stage = `cityops_stage_${(stages += 1)}`;
  const columns = spec.columns.map(([name]) => name);
  await client.query(`CREATE TEMP TABLE ${stage} (ord int4, ${spec.columns.map(([name, type]) => `${name} ${type.slice(0, -2)}`).join(', ')}) ON COMMIT DROP`);
  let text = '';
  rows.forEach((m, i) => {
    text += String(i);
    for (const [, , read] of spec.columns) text += `\t${copyField(read(m as never))}`;
    text += '\n';
  });
  await new Promise<void>((resolve, reject) => {
    const stream = client.query(copyFrom(`COPY ${stage} (ord, ${columns.join(', ')}) FROM STDIN`));
    stream.on('finish', () => resolve());
    stream.on('error', reject);
    stream.end(text);
  });
  // `ts` is staged as epoch milliseconds (as the unnest path sends it) and stored as timestamptz.
  const select = columns.map((c) => (c === 'ts' ? 'to_timestamp(s.ts / 1000.0)' : `s.${c}`)).join(', ');
  const insert = `INSERT INTO ${spec.table} (${columns.join(', ')}) SELECT ${select} FROM ${stage} s`;
  // Nearly every batch is all new: a plain INSERT, inside a savepoint so that a stored identity
  // (a redelivery) costs only the way below. One round trip: a simple query of three statements.
  try {
    await client.query(`SAVEPOINT ${SAVEPOINT}; ${insert}; RELEASE SAVEPOINT ${SAVEPOINT}`);
    return [...rows];
  } catch (err) {
    if ((err as { code?: unknown }).code !== UNIQUE_VIOLATION) throw err;
    await client.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
  }
  // Some were stored before (or by another gateway meanwhile), or one came twice in the batch: skip
  // them, and name the new ones, each identity once (its first message).
  const { rows: answer } = await client.query<{ fresh: number[] | null }>(
    `WITH ins AS (${insert} ON CONFLICT (device_id, seq, ts) DO NOTHING RETURNING device_id, seq, ts)
     SELECT CASE WHEN (SELECT count(*) FROM ins) = $1 THEN NULL
       ELSE (SELECT coalesce(array_agg(ord ORDER BY ord), '{}') FROM (
               SELECT min(s.ord) AS ord FROM ${stage} s
               JOIN ins ON ins.device_id = s.device_id AND ins.seq = s.seq AND ins.ts = to_timestamp(s.ts / 1000.0)
               GROUP BY s.device_id, s.seq, s.ts) first_of_each) END AS fresh`,
    [rows.length],
  );
  if (!answer[0]) throw new Error(`the insert into ${spec.table} answered no row`);
  const { fresh } = answer[0];
  return fresh === null ? [...rows] : fresh.map((i) => rows[i]!);
}
