import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import type { Logger } from 'pino';
import { from as copyFrom } from 'pg-copy-streams';
import { decodeTelemetry, telemetryTopic } from '@cityops/contracts';
import { insertTelemetry, withTransaction, type Pool } from '@cityops/db';
import { startGateway } from '@cityops/ingest-gateway';
import { writeBatch } from '@cityops/ingest-gateway/src/ingest/batch-writer.ts';
import { publishLoad } from './publish-load.ts';
import { startCpuProbe } from './cpu.ts';
import { cameraPayload, cameraRows, copyText } from './rows.ts';

export interface BrokerTarget {
  url: string;
  /** The broker's process, for CPU accounting (undefined when it runs in this process). */
  pid?: number;
  service: { username: string; password: string };
  /** Device accounts the publisher signs in with (username = deviceId). */
  devicePassword: (deviceId: string) => string;
  protocolVersion: 4 | 5;
}

export interface Rate {
  count: number;
  ms: number;
  perSec: number;
  detail: string;
}

const rate = (count: number, ms: number, detail = ''): Rate => ({ count, ms, perSec: count / (ms / 1000), detail });

/** Where the cores went, for the scenarios with a publisher: the figures explain a ratio. */
export interface CpuContext {
  pool: Pool;
  database: string;
}

function cpuLine(cpu: Record<string, number>, wallMs: number): string {
  const parts = Object.entries(cpu).map(([k, v]) => `${k} ${v.toFixed(1)}`);
  return `CPU s ${parts.join(', ')} (wall ${(wallMs / 1000).toFixed(1)} s)`;
}

async function waitFor(what: string, ok: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface LoadShape {
  n: number;
  /** Publisher's QoS 1 in-flight window. */
  inFlight: number;
  /** The gateway's window (MQTT 5 Receive Maximum), also given to the bare subscriber. */
  window: number;
}

/** The publisher process sends the load as `deviceId`, with a CPU probe over broker, publisher and database. */
async function publishMeasured(broker: BrokerTarget, deviceId: string, shape: LoadShape, ctx: CpuContext) {
  let publisherPid: number | undefined;
  const probe = await startCpuProbe({ ...ctx, brokerPid: broker.pid, publisherPid: () => publisherPid });
  const pub = await publishLoad(
    {
      url: broker.url,
      username: deviceId,
      password: broker.devicePassword(deviceId),
      protocolVersion: broker.protocolVersion,
      deviceId,
      n: shape.n,
      inFlight: shape.inFlight,
      baseTs: Date.now() - 3_600_000,
    },
    (pid) => {
      publisherPid = pid;
    },
  );
  return { probe, pub };
}

/** (a) A bare mqtt.js QoS 1 subscriber: PUBACK at once, nothing else. First to last receive. */
export async function bareSubscriber(broker: BrokerTarget, deviceId: string, shape: LoadShape, ctx: CpuContext): Promise<Rate> {
  const sub = await mqtt.connectAsync(broker.url, {
    // A session of its own, like the gateway's: the embedded broker relays to a device only the
    // acknowledgements of subscribers it keeps a session for (broker/ack-after-ingest.ts).
    ...broker.service,
    protocolVersion: broker.protocolVersion,
    clean: false,
    clientId: `cityops-bench-bare-${randomBytes(3).toString('hex')}`,
    reconnectPeriod: 0,
    ...(broker.protocolVersion === 5 ? { properties: { receiveMaximum: shape.window } } : {}),
  });
  let n = 0;
  let first = 0;
  let last = 0;
  sub.on('message', () => {
    if (n === 0) first = performance.now();
    n += 1;
    last = performance.now();
  });
  await sub.subscribeAsync('city/v1/+/+/+', { qos: 1 });
  const { probe, pub } = await publishMeasured(broker, deviceId, shape, ctx);
  await waitFor('the bare subscriber to receive everything', () => n >= shape.n, 60_000);
  const cpu = await probe.stop();
  await sub.endAsync();
  return rate(n, last - first, `publisher ${Math.round(shape.n / (pub.ms / 1000)).toLocaleString('en')} msg/s acked; ${cpuLine(cpu, last - first)}`);
}

/** (b) The real gateway, in process: first receive to the commit of the last message, rows verified. */
export async function gatewayIngest(broker: BrokerTarget, pool: Pool, deviceId: string, shape: LoadShape, log: Logger, ctx: CpuContext): Promise<Rate> {
  const gateway = await startGateway({
    mqttUrl: broker.url,
    ...broker.service,
    protocolVersion: broker.protocolVersion,
    clientId: `cityops-bench-gw-${randomBytes(3).toString('hex')}`,
    pool,
    log,
    window: shape.window,
    sessionExpirySec: 60,
  });
  let first = 0;
  let last = 0;
  for (const { client } of gateway.lanes) {
    client.on('packetreceive', (p) => {
      if (p.cmd === 'publish' && first === 0) first = performance.now();
    });
  }
  gateway.on('committed', () => {
    if (gateway.metrics.stored >= shape.n && last === 0) last = performance.now();
  });
  const { probe, pub } = await publishMeasured(broker, deviceId, shape, ctx);
  await waitFor('the gateway to commit everything', () => last > 0, 90_000);
  const cpu = await probe.stop();
  const m = gateway.metrics;
  await gateway.stop();
  const stored = ((await pool.query('SELECT count(*)::int AS n FROM camera_status WHERE device_id = $1', [deviceId])).rows[0] as { n: number }).n;
  if (stored !== shape.n) throw new Error(`gateway stored ${stored} rows, expected ${shape.n}`);
  const wall = last - first;
  return rate(
    stored,
    wall,
    [
      `${stored.toLocaleString('en')} rows verified`,
      `${m.batches} batches, avg ${Math.round(m.stored / m.batches)} rows`,
      `writes busy ${Math.round((100 * m.batchMsTotal) / wall)}% of the time`,
      `publisher ${Math.round(shape.n / (pub.ms / 1000)).toLocaleString('en')} msg/s acked`,
      cpuLine(cpu, wall),
    ].join('; '),
  );
}

/** (c) COPY of the same rows into a scratch copy of camera_status (same columns, constraints, indexes). */
export async function rawCopy(pool: Pool, rows: ReturnType<typeof cameraRows>): Promise<Rate> {
  await pool.query('DROP TABLE IF EXISTS bench_copy; CREATE TABLE bench_copy (LIKE camera_status INCLUDING ALL)');
  const text = copyText(rows);
  const client = await pool.connect();
  try {
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const stream = client.query(copyFrom('COPY bench_copy (ts, device_id, seq, area, status, fps, bitrate_kbps, recording, storage_free_pct) FROM STDIN'));
      stream.on('finish', () => resolve());
      stream.on('error', reject);
      const chunk = 1 << 20;
      for (let i = 0; i < text.length; i += chunk) stream.write(text.slice(i, i + chunk));
      stream.end();
    });
    const ms = performance.now() - started;
    return rate(rows.length, ms, 'one COPY FROM STDIN, text format');
  } finally {
    client.release();
    await pool.query('DROP TABLE IF EXISTS bench_copy');
  }
}

/** (d) Our writer: insertTelemetry (INSERT … SELECT unnest … ON CONFLICT DO NOTHING) per transaction. */
export async function ourWriter(pool: Pool, rows: ReturnType<typeof cameraRows>, batch: number): Promise<Rate> {
  await pool.query('TRUNCATE camera_status');
  const started = performance.now();
  for (let i = 0; i < rows.length; i += batch) {
    const slice = rows.slice(i, i + batch);
    await withTransaction(pool, (db) => insertTelemetry(db, slice));
  }
  return rate(rows.length, performance.now() - started, `batches of ${batch}, one transaction each`);
}

/** (e) The gateway's whole write path without MQTT: decode, plan, rows + device status + event log. */
export async function gatewayWritePath(pool: Pool, deviceId: string, n: number, batch: number): Promise<Rate> {
  await pool.query('TRUNCATE camera_status');
  const topic = telemetryTopic('camera', deviceId);
  const base = Date.now() - 3_600_000;
  const received = Array.from({ length: n }, (_, seq) => {
    const payload = Buffer.from(JSON.stringify(cameraPayload(seq, base + seq)));
    return { topic, payload, decoded: decodeTelemetry(topic, payload, Date.now()) };
  });
  const started = performance.now();
  for (let i = 0; i < n; i += batch) await writeBatch(pool, received.slice(i, i + batch));
  return rate(n, performance.now() - started, `writeBatch in batches of ${batch} (decode not timed)`);
}
