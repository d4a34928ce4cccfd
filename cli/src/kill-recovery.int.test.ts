import { execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import pino from 'pino';
import { telemetryTopic } from '@cityops/contracts';
import { createPool, startEmbeddedDatabase } from '@cityops/db';
import { embeddedStackEnv, REPO_ROOT, startStackProcess } from './testing/stack-process.ts';

/**
 * The embedded stack (its in-memory broker and the gateway in one process, PGlite in the child process
 * it supervises, which ends with it) killed with SIGKILL in the middle of a QoS 1 burst: every message
 * a device was acknowledged is in the database. The broker acknowledges a device only after the
 * gateway committed (broker/ack-after-ingest.ts).
 */
const N = 20_000;
const IN_FLIGHT = 500;
const DEVICE = 'CAM-KILL-1';
const dataDir = mkdtempSync(join(tmpdir(), 'cityops-kill-'));
const run = promisify(execFile);
const env = () => embeddedStackEnv(dataDir, 'kill-test-pw');
let stack: ChildProcess | undefined;

afterAll(() => {
  stack?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('embedded stack killed mid-burst', () => {
  it(`loses none of the acknowledged messages of a ${N.toLocaleString('en')}-message QoS 1 burst`, async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'cli/src/main.ts', 'device', 'add', '--kind', 'camera', '--id', DEVICE, '--lat', '21.03', '--lon', '105.85'],
      { cwd: REPO_ROOT, env: env(), timeout: 90_000 },
    );
    const { password } = JSON.parse(stdout.trim().split('\n').pop()!) as { password: string };
    const started = await startStackProcess(env());
    stack = started.child;

    const device = await mqtt.connectAsync(started.mqttUrl, { username: DEVICE, password, clientId: DEVICE, clean: false, reconnectPeriod: 0 });
    device.on('error', () => undefined);
    const acked: number[] = [];
    const base = Date.now() - 60_000;
    let next = 0;
    let killed = false;
    const pump = async () => {
      while (next < N && !killed) {
        const seq = next++;
        try {
          await device.publishAsync(telemetryTopic('camera', DEVICE), JSON.stringify({ ts: base + seq, seq, status: seq % 2 ? 'online' : 'degraded' }), {
            qos: 1,
          });
          acked.push(seq);
        } catch {
          return;
        }
      }
    };
    // Never awaited: publishes in flight when the broker dies are never answered.
    void Promise.all(Array.from({ length: IN_FLIGHT }, pump));
    // Mid-burst: a few thousand acknowledged, many more sent and not yet committed.
    await expect.poll(() => acked.length, { timeout: 90_000, interval: 5 }).toBeGreaterThanOrEqual(N / 4);
    stack.kill('SIGKILL');
    killed = true;
    const ackedAtKill = acked.length;
    const sentAtKill = next;
    await new Promise((r) => stack!.once('exit', r));
    device.end(true);

    // The data directory as the killed process left it.
    const log = pino({ level: 'silent' });
    const db = await startEmbeddedDatabase({ dataDir, log });
    const pool = createPool({ connectionString: db.connectionString, max: 1, log });
    try {
      const { rows } = await pool.query<{ seq: number }>('SELECT seq FROM camera_status WHERE device_id = $1', [DEVICE]);
      const stored = new Set(rows.map((r) => r.seq));
      const lost = acked.filter((seq) => !stored.has(seq));
      console.log(
        `kill -9 mid-burst: ${sentAtKill} sent, ${ackedAtKill} acknowledged at the kill (${acked.length} by then), ${stored.size} stored, ${lost.length}` +
          ` acknowledged but lost`,
      );
      expect(lost).toEqual([]);
      expect(acked.length).toBeLessThan(N);
    } finally {
      await pool.end();
      await db.stop();
    }
  }, 300_000);
});
