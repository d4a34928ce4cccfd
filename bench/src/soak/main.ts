/**
 * `npm run soak`: the embedded stack (`cityops start`, no simulated fleet) under a long stream of
 * hostile messages, watching its memory. Devices provisioned over the REST API sign in with client id
 * = device id and publish QoS 1 (acknowledged only after commit) random topics and payloads under
 * their own prefix (hostile-messages.ts). The resident set size of the stack's process and of its
 * embedded database process is sampled every second; the figures that matter are where it stands
 * after the first 20,000 messages and at the end, and their ratio (bounded memory: within 20 %).
 * At the end a fire alarm must still be receipted.
 *
 * Env: SOAK_N (200000), SOAK_DEVICES per kind (8), SOAK_IN_FLIGHT per device (20), SOAK_SEED.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { receiptTopic, telemetryTopic, type DeviceKind } from '@cityops/contracts';
import { prng } from '../prng.ts';
import { hostileMessage } from './hostile-messages.ts';
import { rssMb } from './process-memory.ts';
import { startStackProcess, type StackProcess } from './stack-process.ts';

const N = Number(process.env.SOAK_N ?? 200_000);
const PER_KIND = Number(process.env.SOAK_DEVICES ?? 8);
const IN_FLIGHT = Number(process.env.SOAK_IN_FLIGHT ?? 20);
const SEED = Number(process.env.SOAK_SEED ?? 1);
const KINDS: DeviceKind[] = ['camera', 'fire', 'transit', 'queue'];
const CHECKPOINT = 20_000;

interface Device {
  id: string;
  kind: DeviceKind;
  password: string;
  client: MqttClient;
  /** Rejects when the broker closes this connection: its publishes in flight will never be acknowledged. */
  closed: Promise<never>;
  reconnecting?: Promise<void>;
}
interface Sample {
  at: number;
  done: number;
  stack: number;
  database: number;
}

async function provision(stack: StackProcess, cookie: string, kind: DeviceKind, id: string): Promise<string> {
  const res = await fetch(`${stack.consoleUrl}/api/devices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: new URL(stack.consoleUrl).origin },
    body: JSON.stringify({ id, kind, lat: 21.02, lon: 105.84, area: 'A001', address: `Soak ${id}` }),
  });
  if (res.status !== 201) throw new Error(`provisioning ${id}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { password: string }).password;
}

async function connect(url: string, d: { id: string; password: string }): Promise<{ client: MqttClient; closed: Promise<never> }> {
  const client = await mqtt.connectAsync(url, { username: d.id, password: d.password, clientId: d.id, reconnectPeriod: 0, connectTimeout: 30_000 });
  const closed = new Promise<never>((_, reject) => client.once('close', () => reject(new Error('connection closed'))));
  closed.catch(() => undefined);
  return { client, closed };
}

/** The broker closed the device's connection over a message: it comes back once, whichever publish noticed. */
function reconnect(url: string, device: Device): Promise<void> {
  device.reconnecting ??= (async () => {
    device.client.end(true);
    Object.assign(device, await connect(url, device));
  })().finally(() => (device.reconnecting = undefined));
  return device.reconnecting;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), ms)))]).finally(() => clearTimeout(timer));
}

const mb = (n: number) => `${Math.round(n)} MB`;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cityops-soak-'));
  const password = randomBytes(12).toString('hex');
  const startedAt = Date.now();
  const stack = await startStackProcess(dataDir, password);
  console.log(`stack started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: ${stack.consoleUrl}, ${stack.mqttUrl}`);
  const devices: Device[] = [];
  const samples: Sample[] = [];
  let sampler: NodeJS.Timeout | undefined;
  try {
    const login = await fetch(`${stack.consoleUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    for (const kind of KINDS) {
      for (let i = 1; i <= PER_KIND; i++) {
        const id = `SOAK-${kind.toUpperCase()}-${i}`;
        const pw = await provision(stack, cookie, kind, id);
        devices.push({ id, kind, password: pw, ...(await connect(stack.mqttUrl, { id, password: pw })) });
      }
    }
    const victim = await (async () => {
      const id = 'SOAK-VICTIM-1';
      const pw = await provision(stack, cookie, 'fire', id);
      const { client } = await connect(stack.mqttUrl, { id, password: pw });
      await client.subscribeAsync(receiptTopic(id), { qos: 1 });
      return { id, client };
    })();

    let next = 0;
    let done = 0;
    let failed = 0;
    let reconnects = 0;
    const sample = () => {
      const dbPid = stack.databasePid();
      samples.push({ at: Date.now(), done, stack: rssMb(stack.child.pid!) ?? 0, database: dbPid ? (rssMb(dbPid) ?? 0) : 0 });
    };
    sample();
    sampler = setInterval(sample, 1000);
    let nextReport = CHECKPOINT;
    const tsBase = Date.now() - 3_600_000;
    const worker = async (device: Device, rand: () => number) => {
      while (next < N) {
        next++;
        const m = hostileMessage(rand, device.kind, device.id, tsBase);
        try {
          await device.reconnecting;
          await withTimeout(Promise.race([device.client.publishAsync(m.topic, m.payload, { qos: 1 }), device.closed]), 120_000);
        } catch {
          failed++;
          // The broker may close a connection over a message; the device comes back, as a real one would.
          if (!device.client.connected && !device.reconnecting) {
            reconnects++;
            await reconnect(stack.mqttUrl, device);
          }
        }
        done++;
        if (done >= nextReport) {
          sample();
          const s = samples.at(-1)!;
          console.log(
            `${done.toLocaleString('en')} messages in ${((Date.now() - startedAt) / 1000).toFixed(0)} s: stack ${mb(s.stack)}, database` +
              ` ${mb(s.database)}, together ${mb(s.stack + s.database)}`,
          );
          nextReport += CHECKPOINT;
        }
      }
    };
    const workers: Promise<void>[] = [];
    devices.forEach((d, i) => {
      for (let w = 0; w < IN_FLIGHT; w++) workers.push(worker(d, prng(SEED * 100_003 + i * 1009 + w)));
    });
    await Promise.all(workers);
    clearInterval(sampler);
    sample();

    // Still serving: a fire alarm from a panel that sent nothing hostile is receipted.
    const receipts: unknown[] = [];
    victim.client.on('message', (_t, p) => receipts.push(JSON.parse(p.toString())));
    const alarmAt = Date.now();
    await victim.client.publishAsync(telemetryTopic('fire', victim.id), JSON.stringify({ ts: Date.now(), seq: 1, event: 'alarm' }), { qos: 1 });
    while (receipts.length === 0 && Date.now() - alarmAt < 10_000) await new Promise((r) => setTimeout(r, 20));
    const metrics = await (await fetch(`${stack.consoleUrl}/metrics`)).text();
    const count = (name: string) =>
      metrics
        .split('\n')
        .filter((l) => l.startsWith(name))
        .map((l) => l.replace(/^\S+ /, ''))
        .join(', ');

    const at = samples.find((s) => s.done >= Math.min(CHECKPOINT, N))!;
    const end = samples.at(-1)!;
    const after = samples.filter((s) => s.done >= at.done);
    const max = (k: 'stack' | 'database') => Math.max(...after.map((s) => s[k]));
    const seconds = (end.at - startedAt) / 1000;
    console.log('');
    console.log(
      `soak: ${done.toLocaleString('en')} hostile messages (${failed} publishes failed, ${reconnects} reconnects) from ${devices.length} devices in` +
        ` ${seconds.toFixed(0)} s (seed ${SEED})`,
    );
    console.log(
      `  gateway: received ${count('cityops_ingest_received_total')}, stored ${count('cityops_ingest_stored_total')}, dead letters` +
        ` ${count('cityops_ingest_dead_letters_total')}`,
    );
    for (const [label, k] of [
      ['stack process', 'stack'],
      ['database process', 'database'],
    ] as const) {
      console.log(
        `  ${label.padEnd(17)} RSS at start ${mb(samples[0]![k])}, after ${at.done.toLocaleString('en')} ${mb(at[k])}, max after that ${mb(max(k))}, at` +
          ` the end ${mb(end[k])}: end/after-${at.done / 1000}k ${(end[k] / at[k]).toFixed(2)}`,
      );
    }
    const total = (s: Sample) => s.stack + s.database;
    console.log(
      `  together          after ${at.done.toLocaleString('en')} ${mb(total(at))}, at the end ${mb(total(end))}: ratio` +
        ` ${(total(end) / total(at)).toFixed(2)} (bounded: ≤ 1.20)`,
    );
    console.log(
      `  fire alarm after the soak:` +
        ` ${receipts.length ? `receipted in ${Date.now() - alarmAt} ms ${JSON.stringify(receipts[0])}` : 'NOT receipted within 10 s'}`,
    );
    console.log(`  stack warnings/errors logged: ${stack.warnings.length}${stack.warnings.length ? `; last: ${stack.warnings.at(-1)}` : ''}`);
    console.log(
      `  RSS samples (messages: stack + database MB): ${samples
        .filter((_, i) => i % Math.max(1, Math.floor(samples.length / 20)) === 0)
        .map((s) => `${Math.round(s.done / 1000)}k: ${Math.round(s.stack)}+${Math.round(s.database)}`)
        .join(', ')}`,
    );
    await victim.client.endAsync();
  } finally {
    clearInterval(sampler);
    for (const d of devices) d.client.end(true);
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
