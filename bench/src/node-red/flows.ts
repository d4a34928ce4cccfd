/**
 * The flows a Node-RED user would build for the same job: MQTT in (QoS 1, a persistent session) →
 * JSON → a function node writing to PostgreSQL with node-postgres, into a table with the same
 * columns and unique key as ours and the same `ON CONFLICT DO NOTHING`, so a redelivered message
 * is stored once there too. `batched` collects up to 500 rows or 20 ms and writes them with one
 * statement, as a tuned flow would; `per-message` writes each message with its own INSERT, as most
 * flows do.
 */
export type FlowKind = 'batched' | 'per-message';

export const NODE_RED_TABLE = 'nodered_camera_status';

const COLUMNS = 'ts, device_id, seq, area, status, fps, bitrate_kbps, recording, storage_free_pct';

/** A message's row values, in COLUMNS order, from the parsed payload and the topic. */
const ROW_OF = `const p = msg.payload; const id = msg.topic.split('/')[3];
const row = [new Date(p.ts), id, p.seq, null, p.status, p.fps ?? null, p.bitrateKbps ?? null, p.recording ?? null, p.storageFreePct ?? null];`;

const SETUP = `const pg = global.get('pg');
context.set('pool', new pg.Pool({ connectionString: env.get('NR_DATABASE_URL'), max: 4 }));
context.set('rows', []);`;

const BATCHED = `${ROW_OF}
const rows = context.get('rows');
rows.push(row);
const flush = () => {
  const batch = context.get('rows');
  if (batch.length === 0) return;
  context.set('rows', []);
  clearTimeout(context.get('timer'));
  context.set('timer', undefined);
  const cols = batch[0].map((_, i) => batch.map((r) => r[i]));
  context.get('pool')
    .query(\`INSERT INTO ${NODE_RED_TABLE} (${COLUMNS}) SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::int8[], $4::text[], $5::text[], $6::float4[], $7::float4[], $8::bool[], $9::float4[]) ON CONFLICT (device_id, seq, ts) DO NOTHING\`, cols)
    .catch((err) => node.error(err.message));
};
if (rows.length >= 500) flush();
else if (!context.get('timer')) context.set('timer', setTimeout(flush, 20));
return null;`;

const PER_MESSAGE = `${ROW_OF}
context.get('pool')
  .query(\`INSERT INTO ${NODE_RED_TABLE} (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (device_id, seq, ts) DO NOTHING\`, row)
  .catch((err) => node.error(err.message));
return null;`;

export function nodeRedFlows(o: { kind: FlowKind; brokerPort: number; clientId: string }): unknown[] {
  return [
    { id: 'cityops-tab', type: 'tab', label: `cityops bench: ${o.kind}` },
    {
      id: 'cityops-broker',
      type: 'mqtt-broker',
      name: 'mosquitto',
      broker: '127.0.0.1',
      port: String(o.brokerPort),
      clientid: o.clientId,
      autoConnect: true,
      usetls: false,
      protocolVersion: '4',
      keepalive: '60',
      cleansession: false,
    },
    {
      id: 'cityops-in',
      type: 'mqtt in',
      z: 'cityops-tab',
      name: 'camera status',
      topic: 'city/v1/camera/+/status',
      qos: '1',
      datatype: 'utf8',
      broker: 'cityops-broker',
      wires: [['cityops-json']],
    },
    { id: 'cityops-json', type: 'json', z: 'cityops-tab', property: 'payload', action: 'obj', pretty: false, wires: [['cityops-store']] },
    {
      id: 'cityops-store',
      type: 'function',
      z: 'cityops-tab',
      name: `PostgreSQL (${o.kind})`,
      func: o.kind === 'batched' ? BATCHED : PER_MESSAGE,
      outputs: 0,
      initialize: SETUP,
      finalize: "context.get('pool')?.end();",
      wires: [],
    },
  ];
}
