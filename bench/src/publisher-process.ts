/**
 * The bench's load generator, in a process of its own so the side being measured keeps its own event
 * loop (and one of the two cores). Forked by `publish-load.ts`; reads its job from IPC, publishes N
 * QoS 1 messages as fast as the broker acknowledges them with a bounded in-flight window (mqtt.js
 * reuses packet ids beyond 65,535 unacknowledged publishes), reports when done.
 */
import mqtt from 'mqtt';
import { telemetryTopic } from '@cityops/contracts';

export interface PublishJob {
  url: string;
  username: string;
  password: string;
  protocolVersion: 4 | 5;
  deviceId: string;
  n: number;
  inFlight: number;
  /** Timestamps of messages are baseTs + seq (unique per run, so nothing collides with an earlier run). */
  baseTs: number;
}

export interface PublishResult {
  published: number;
  ms: number;
}

process.once('message', (job: PublishJob) => {
  void (async () => {
    const client = await mqtt.connectAsync(job.url, {
      username: job.username,
      password: job.password,
      clientId: job.username,
      protocolVersion: job.protocolVersion,
      clean: true,
      reconnectPeriod: 0,
    });
    const topic = telemetryTopic('camera', job.deviceId);
    let next = 0;
    const started = performance.now();
    const pump = async () => {
      while (next < job.n) {
        const seq = next++;
        await client.publishAsync(
          topic,
          JSON.stringify({ ts: job.baseTs + seq, seq, status: 'online', fps: 25, bitrateKbps: 4096, recording: true, storageFreePct: 61.5 }),
          { qos: 1 },
        );
      }
    };
    await Promise.all(Array.from({ length: job.inFlight }, pump));
    const result: PublishResult = { published: job.n, ms: performance.now() - started };
    await client.endAsync();
    process.send!(result, () => process.exit(0));
  })().catch((err: Error) => {
    process.stderr.write(`publisher: ${err.message}\n`);
    process.exit(1);
  });
});
