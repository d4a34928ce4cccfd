/**
 * Hunts for a dead-letter batch the embedded database never answers: random batches of 800–1,300
 * rows (about 200–400 KB on the wire) shaped like the hostile traffic that once hung it — topics with
 * arbitrary unicode and control characters stored raw (as dead letters were before topics were
 * escaped), random payload bytes — inserted through the real wire path (the embedded database as its
 * own process, `pg`, the gateway's INSERT). A batch unanswered for FUZZ_TIMEOUT_MS is written to
 * FUZZ_OUT as JSON (seed and rows) and the run stops with exit code 3.
 *
 *   nice -n 19 npx tsx bench/src/soak/dead-letter-fuzz.ts   (FUZZ_SEED, FUZZ_BATCHES, FUZZ_TIMEOUT_MS, FUZZ_OUT)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { migrate } from '@cityops/db';
import { prng } from '../prng.ts';
import { startService, stopChild } from '@cityops/db/src/testing/service-process.ts';

const SQL = `INSERT INTO dead_letters (device_id, topic, payload, payload_bytes, reason, detail, seq)
  SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[], $4::int4[], $5::text[], $6::text[], $7::int8[])
  ON CONFLICT (topic, md5(payload)) DO NOTHING`;

interface Row {
  deviceId: string | null;
  topic: string;
  payload: Buffer;
  reason: string;
  detail: string;
  seq: number | null;
}

const REASONS = [
  'CITYOPS_INGEST_TOPIC_INVALID',
  'CITYOPS_INGEST_PAYLOAD_INVALID',
  'CITYOPS_INGEST_SCHEMA_INVALID',
  'CITYOPS_INGEST_DEVICE_UNKNOWN',
  'CITYOPS_INGEST_PAYLOAD_LIMITS',
];

function randomText(rand: () => number, max: number): string {
  const n = Math.floor(rand() * max);
  let s = '';
  for (let i = 0; i < n; i++) {
    const pick = rand();
    let cp: number;
    if (pick < 0.15)
      cp = Math.floor(rand() * 32); // control characters, NUL included
    else if (pick < 0.2)
      cp = 0x7f + Math.floor(rand() * 0x21); // DEL and C1
    else if (pick < 0.6)
      cp = 0x20 + Math.floor(rand() * 0x5f); // ASCII
    else if (pick < 0.8)
      cp = 0xa0 + Math.floor(rand() * 0xd700); // BMP
    else if (pick < 0.85)
      cp = 0xd800 + Math.floor(rand() * 0x800); // lone surrogates
    else cp = 0x10000 + Math.floor(rand() * 0xfffff); // astral
    s += cp >= 0xd800 && cp < 0xe000 ? String.fromCharCode(cp) : String.fromCodePoint(cp);
  }
  return s;
}

// eslint-disable-next-line no-control-regex
const withoutControls = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, '_');

function randomRow(rand: () => number, i: number, payloadMean: number, controls: boolean): Row {
  const kind = ['camera', 'fire', 'transit', 'queue'][Math.floor(rand() * 4)]!;
  const id = `${kind.slice(0, 3).toUpperCase()}-${Math.floor(rand() * 1e6)}`;
  const suffixRoll = rand();
  const suffix = suffixRoll < 0.3 ? 'status' : suffixRoll < 0.95 ? randomText(rand, 40) : 'x'.repeat(100 + Math.floor(rand() * 1500));
  const topic = controls ? `city/v1/${kind}/${id}/${suffix}` : withoutControls(`city/v1/${kind}/${id}/${suffix}`);
  const size = Math.max(0, Math.round(payloadMean * (0.2 + rand() * 1.6)));
  const payload = Buffer.alloc(size);
  for (let b = 0; b < size; b++) payload[b] = rand() < 0.7 ? 0x20 + Math.floor(rand() * 0x5f) : Math.floor(rand() * 256);
  return {
    deviceId: rand() < 0.3 ? null : id,
    topic,
    payload,
    reason: REASONS[Math.floor(rand() * REASONS.length)]!,
    // Details kept other control characters before they were escaped; a NUL could never be stored.
    detail: rand() < 0.5 ? `unexpected token at ${i}` : controls ? randomText(rand, 60) : randomText(rand, 60).replaceAll('\0', ''),
    seq: rand() < 0.2 ? null : Math.floor(rand() * 2 ** 31),
  };
}

export function fuzzBatch(seed: number): Row[] {
  const rand = prng(seed);
  const n = 800 + Math.floor(rand() * 500);
  const payloadMean = 40 + rand() * 160;
  // Most batches keep control characters out (a NUL makes the array literal invalid: answered, refused).
  const controls = rand() < 0.2;
  return Array.from({ length: n }, (_, i) => randomRow(rand, i, payloadMean, controls));
}

async function main(): Promise<void> {
  const seed0 = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
  const batches = Number(process.env.FUZZ_BATCHES ?? 100_000);
  const timeoutMs = Number(process.env.FUZZ_TIMEOUT_MS ?? 20_000);
  const out = process.env.FUZZ_OUT ?? join(tmpdir(), `cityops-unanswered-${seed0}.json`);
  const dataDir = mkdtempSync(join(tmpdir(), 'cityops-dl-fuzz-'));
  const db = await startService('db/src/embedded/main.ts', { CITYOPS_DATA_DIR: dataDir, CITYOPS_DB_PORT: '0', LOG_LEVEL: 'warn' }, 'connectionString');
  const connectionString = db.ready.connectionString as string;
  const log = pino({ level: 'warn' });
  const pool = new pg.Pool({ connectionString, max: 1 });
  await migrate(pool, log);
  await pool.end();
  const c = new pg.Client({ connectionString });
  await c.connect();
  let errors = 0;
  let bytes = 0;
  const started = Date.now();
  try {
    for (let b = 0; b < batches; b++) {
      const seed = (seed0 + b) >>> 0;
      const rows = fuzzBatch(seed);
      const values = [
        rows.map((r) => r.deviceId),
        rows.map((r) => r.topic),
        rows.map((r) => r.payload),
        rows.map((r) => r.payload.byteLength),
        rows.map((r) => r.reason),
        rows.map((r) => r.detail),
        rows.map((r) => r.seq),
      ];
      let timer: NodeJS.Timeout | undefined;
      const unanswered = new Promise<'unanswered'>((r) => (timer = setTimeout(() => r('unanswered'), timeoutMs)));
      const work = (async () => {
        await c.query('BEGIN');
        try {
          await c.query(SQL, values);
        } catch {
          errors++;
        }
        await c.query('ROLLBACK');
        return 'answered' as const;
      })();
      const outcome = await Promise.race([work, unanswered]);
      clearTimeout(timer);
      bytes += rows.reduce((s, r) => s + r.topic.length + r.payload.length * 2 + r.detail.length + 40, 0);
      if (outcome === 'unanswered') {
        writeFileSync(out, JSON.stringify({ seed, rows: rows.map((r) => ({ ...r, payload: r.payload.toString('base64') })) }));
        console.log(`UNANSWERED: batch seed ${seed} (${rows.length} rows) written to ${out}`);
        process.exitCode = 3;
        return;
      }
      if (b % 100 === 99)
        console.log(
          `${b + 1} batches (seeds ${seed0}…${seed}), ${errors} refused, ~${Math.round(bytes / (b + 1) / 1024)} KB each,` +
            ` ${Math.round((Date.now() - started) / 1000)} s`,
        );
    }
  } finally {
    c.end().catch(() => undefined);
    // A database left hanging would not stop on SIGTERM.
    await stopChild(db.child, 2000);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) void main().then(() => process.exit());
