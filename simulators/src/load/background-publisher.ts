/**
 * One background-load process (forked by ./background-load.ts): signs in as each of its devices,
 * then publishes camera status and queue load at a steady rate, QoS 1, round-robin over its
 * devices, until told to stop. Paced by elapsed time (never "as fast as acknowledged"), with a
 * bounded number of unacknowledged publishes so a slow broker shows as a lower achieved rate
 * instead of an unbounded queue here.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { telemetryTopic } from '@cityops/contracts';

export interface BackgroundDevice {
  id: string;
  kind: 'camera' | 'queue';
  password: string;
}

export interface BackgroundJob {
  url: string;
  protocolVersion: 4 | 5;
  devices: BackgroundDevice[];
  ratePerSec: number;
  /** Unacknowledged QoS 1 publishes this process allows before it skips a tick's remainder. */
  maxInFlight: number;
}

export interface BackgroundCounts {
  sent: number;
  acked: number;
  errors: number;
  /** Messages the pacing owed but did not send because the in-flight bound was reached. */
  behind: number;
}

export type ToPublisher = { type: 'go' } | { type: 'stats'; id: number } | { type: 'stop' };
export type FromPublisher =
  | { type: 'ready' }
  | { type: 'stats'; id: number; counts: BackgroundCounts }
  | { type: 'stopped'; counts: BackgroundCounts }
  | { type: 'failed'; message: string };

const TICK_MS = 5;
const CONNECT_CONCURRENCY = 50;

const send = (m: FromPublisher) => new Promise<void>((res) => process.send!(m, () => res()));

interface Live {
  device: BackgroundDevice;
  client: MqttClient;
  topic: string;
  seq: number;
  lastTs: number;
}

function payload(d: Live): string {
  d.seq += 1;
  // (deviceId, seq, ts) identifies a message (a repeat is stored once): keep ts increasing per device.
  d.lastTs = Math.max(Date.now(), d.lastTs + 1);
  if (d.device.kind === 'camera') {
    return JSON.stringify({ ts: d.lastTs, seq: d.seq, status: 'online', fps: 25, bitrateKbps: 4096, recording: true, storageFreePct: 61.5 });
  }
  // Below the queue-overload thresholds: the background must not open incidents of its own.
  return JSON.stringify({ ts: d.lastTs, seq: d.seq, waiting: d.seq % 30, serving: 3, countersOpen: 4, avgWaitSec: 300 });
}

async function connectAll(job: BackgroundJob): Promise<Live[]> {
  const live: Live[] = [];
  for (let i = 0; i < job.devices.length; i += CONNECT_CONCURRENCY) {
    const slice = job.devices.slice(i, i + CONNECT_CONCURRENCY);
    live.push(
      ...(await Promise.all(
        slice.map(async (device) => ({
          device,
          client: await mqtt.connectAsync(job.url, {
            username: device.id,
            password: device.password,
            clientId: device.id,
            protocolVersion: job.protocolVersion,
            clean: true,
            reconnectPeriod: 0,
            connectTimeout: 20_000,
          }),
          topic: telemetryTopic(device.kind, device.id),
          seq: 0,
          lastTs: 0,
        })),
      )),
    );
  }
  return live;
}

async function run(job: BackgroundJob): Promise<void> {
  const live = await connectAll(job);
  const counts: BackgroundCounts = { sent: 0, acked: 0, errors: 0, behind: 0 };
  let timer: NodeJS.Timeout | undefined;
  let next = 0;
  const onAck = (err?: Error) => {
    if (err) counts.errors += 1;
    else counts.acked += 1;
  };
  const go = () => {
    const started = performance.now();
    timer = setInterval(() => {
      const due = Math.floor((job.ratePerSec * (performance.now() - started)) / 1000) - counts.sent - counts.behind;
      for (let i = 0; i < due; i += 1) {
        if (counts.sent - counts.acked - counts.errors >= job.maxInFlight) {
          counts.behind += due - i;
          break;
        }
        const d = live[next]!;
        next = (next + 1) % live.length;
        counts.sent += 1;
        d.client.publish(d.topic, payload(d), { qos: 1 }, onAck);
      }
    }, TICK_MS);
  };
  const stop = async () => {
    clearInterval(timer);
    const until = Date.now() + 5000;
    while (counts.sent > counts.acked + counts.errors && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    await Promise.all(live.map((d) => d.client.endAsync().catch(() => undefined)));
    await send({ type: 'stopped', counts });
    process.exit(0);
  };
  process.on('message', (m: ToPublisher) => {
    if (m.type === 'go') go();
    else if (m.type === 'stats') void send({ type: 'stats', id: m.id, counts: { ...counts } });
    else if (m.type === 'stop') void stop();
  });
  await send({ type: 'ready' });
}

process.once('message', (job: BackgroundJob) => {
  run(job).catch(async (err: Error) => {
    await send({ type: 'failed', message: err.message }).catch(() => undefined);
    process.exit(1);
  });
});
// The parent going away (a killed bench) must not leave publishers behind.
process.once('disconnect', () => process.exit(0));
