import type { Logger } from 'pino';
import { provisionDevice, type Pool } from '@cityops/db';
import { startPrivateMosquitto } from '@cityops/ingest-gateway/src/testing/private-mosquitto.ts';
import { openBenchDatabase } from '../bench-database.ts';
import { Cleanups } from '../cleanups.ts';
import { cpuSecondsOf, startCpuProbe } from '../cpu.ts';
import { publishLoad } from '../publish-load.ts';
import { startGatewayProcess, type GatewayProcess } from '../alarm-latency/gateway-process.ts';
import { NODE_RED_TABLE, type FlowKind } from './flows.ts';
import { installNodeRed, NODE_RED_VERSION } from './install-node-red.ts';
import { NodeRedProcess } from './node-red-process.ts';

/** Publisher processes: each sends its share as a device of its own, so the publisher is not the limit. */
const PUBLISHERS = 3;

export interface PeerRun {
  system: string;
  /** Live, the publishers running: messages a second from the first row stored to the last. */
  msgPerSec: number;
  /** Draining N messages queued in its broker session while it was stopped: its own ceiling, whatever the publisher's. */
  drainPerSec: number;
  /** CPU seconds per 10,000 messages: the system's own process, and PostgreSQL's backends. */
  cpuPer10k: { process: number; postgres: number };
  /** The kill -9 run: acknowledged by the broker, stored (distinct rows), and the difference. */
  kill: { acked: number; stored: number; lost: number };
}

export interface PeerBenchResult {
  n: number;
  runs: PeerRun[];
}

/** What the bench drives: one system's ingest process, which it can start, kill -9 and stop. */
interface Subject {
  name: string;
  table: string;
  start(): Promise<void>;
  kill9(): Promise<void>;
  stop(): Promise<void>;
  pid(): number | undefined;
  /** What it said lately, for a failure's message. */
  output(): string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function storedRows(pool: Pool, table: string, devices: readonly string[]): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE device_id = ANY($1)`, [devices]);
  return rows[0]!.n;
}

/**
 * Bench (m): cityops beside the peer a city would otherwise pick, Node-RED 4 (installed into a temp
 * folder, not a dependency of ours) with an MQTT in → JSON → PostgreSQL flow, batched and one INSERT
 * per message, on the same Mosquitto (shipped config), the same database server and the same
 * messages. Each system runs twice: live (throughput and CPU per message) and with a kill -9 once a
 * third is stored, then a restart on the same session (messages lost).
 */
export async function runPeerBench(o: {
  log: Logger;
  n: number;
  progress?: (what: string) => void;
  onCleanup?: (c: () => Promise<void>) => void;
}): Promise<PeerBenchResult> {
  const cleanups = new Cleanups('(m)', o.onCleanup);
  try {
    const install = installNodeRed((line) => o.progress?.(line));
    const db = await openBenchDatabase(o.log);
    cleanups.add(() => db.close());
    await db.pool.query(`CREATE TABLE ${NODE_RED_TABLE} (LIKE camera_status INCLUDING ALL)`);
    const systems = ['cityops', 'node-red-batched', 'node-red-per-message'] as const;
    const devices = new Map<string, { id: string; password: string }[]>();
    for (const system of systems)
      for (const run of ['live', 'drain', 'kill'])
        devices.set(
          `${system}/${run}`,
          await Promise.all(
            Array.from({ length: PUBLISHERS }, async (_, i) => {
              const id = `CAM-PEER-${system}-${run}-${i}`.toUpperCase();
              return { id, password: (await provisionDevice(db.pool, { id, kind: 'camera', lat: 21.03, lon: 105.85, area: 'A001' })).password };
            }),
          ),
        );
    const broker = await startPrivateMosquitto({ devices: [...devices.values()].flat().map((d) => ({ ...d, kind: 'camera' as const })) });
    cleanups.add(() => broker.close());
    const serviceUrl = `mqtt://${encodeURIComponent(broker.service.username)}:${encodeURIComponent(broker.service.password)}@127.0.0.1:${broker.port}`;
    const database = new URL(db.connectionString).pathname.slice(1);

    const cityops = (): Subject => {
      let gw: GatewayProcess | undefined;
      return {
        name: 'cityops (stand-alone gateway)',
        table: 'camera_status',
        start: async () => {
          gw = await startGatewayProcess({ databaseUrl: db.connectionString, mqttUrl: serviceUrl, clientId: 'cityops-bench-peer-gateway', logLevel: 'warn' });
        },
        kill9: async () => gw?.kill9(),
        stop: async () => gw?.stop(),
        pid: () => gw?.pid,
        output: () => '',
      };
    };
    const nodeRed = (kind: FlowKind): Subject => {
      const p = new NodeRedProcess(install, { kind, databaseUrl: db.connectionString, brokerPort: broker.port, ...broker.service });
      cleanups.add(async () => {
        await p.stop();
        p.close();
      });
      return {
        name: `Node-RED ${NODE_RED_VERSION} (${kind === 'batched' ? 'batched INSERT' : 'INSERT per message'})`,
        table: NODE_RED_TABLE,
        start: () => p.start(),
        kill9: () => p.kill9(),
        stop: () => p.stop(),
        pid: () => p.pid,
        output: () => p.output(),
      };
    };

    const publish = (key: string) => {
      const devs = devices.get(key)!;
      return Promise.all(
        devs.map((d, i) =>
          publishLoad(
            {
              url: broker.url,
              username: d.id,
              password: d.password,
              protocolVersion: 5,
              deviceId: d.id,
              n: Math.floor(o.n / PUBLISHERS) + (i < o.n % PUBLISHERS ? 1 : 0),
              inFlight: 500,
              baseTs: Date.now() - 3_600_000,
            },
            undefined,
            600_000,
          ),
        ),
      );
    };
    const ids = (key: string) => devices.get(key)!.map((d) => d.id);

    /** From the first row of `devices` stored to the last: how long, and how many rows came in that time. */
    const timeToStore = async (subject: Subject, devices: readonly string[]) => {
      // At least 500 messages a second, or it is not a contender.
      const deadline = Date.now() + Math.max(60_000, o.n * 2);
      const late = async () => {
        if (Date.now() > deadline)
          throw new Error(`${subject.name} stored ${await storedRows(db.pool, subject.table, devices)} of ${o.n} rows in time:\n${subject.output()}`);
      };
      let first: number;
      while ((first = await storedRows(db.pool, subject.table, devices)) === 0) {
        await late();
        await sleep(5);
      }
      const t0 = performance.now();
      while ((await storedRows(db.pool, subject.table, devices)) < o.n) {
        await late();
        await sleep(20);
      }
      return { ms: performance.now() - t0, counted: o.n - first };
    };

    const runs: PeerRun[] = [];
    for (const [system, subject] of [
      ['cityops', cityops()],
      ['node-red-batched', nodeRed('batched')],
      ['node-red-per-message', nodeRed('per-message')],
    ] as const) {
      // Live: throughput and CPU per message.
      o.progress?.(`${subject.name}: live`);
      await subject.start();
      const pid = subject.pid()!;
      const cpu0 = cpuSecondsOf(pid) ?? 0;
      const probe = await startCpuProbe({ pool: db.pool, database, brokerPid: broker.pid, publisherPid: () => undefined });
      const published = publish(`${system}/live`);
      const live = ids(`${system}/live`);
      const { ms, counted } = await timeToStore(subject, live);
      const cpuProcess = (cpuSecondsOf(pid) ?? cpu0) - cpu0;
      const cpu = await probe.stop();
      await published;
      // Killed, not stopped: Node-RED's MQTT node unsubscribes when its flow stops, and a session
      // without the subscription queues nothing. Everything of the live run is stored by now.
      await subject.kill9();

      // Drain: the messages wait in its session (it subscribed in the live run) until it starts.
      o.progress?.(`${subject.name}: drain a queued backlog`);
      await publish(`${system}/drain`);
      await subject.start();
      const drain = await timeToStore(subject, ids(`${system}/drain`));
      await subject.stop();

      // Kill -9 once a third is stored; start again on the same session; count what arrived.
      o.progress?.(`${subject.name}: kill -9`);
      await subject.start();
      const killed = ids(`${system}/kill`);
      const acked = publish(`${system}/kill`);
      while ((await storedRows(db.pool, subject.table, killed)) < o.n / 3) await sleep(20);
      await subject.kill9();
      await sleep(1000);
      await subject.start();
      const ackedCount = (await acked).reduce((s, r) => s + r.published, 0);
      let stored = await storedRows(db.pool, subject.table, killed);
      for (let still = 0; still < 30 && stored < ackedCount;) {
        await sleep(100);
        const now = await storedRows(db.pool, subject.table, killed);
        still = now === stored ? still + 1 : 0;
        stored = now;
      }
      await subject.stop();
      runs.push({
        system: subject.name,
        msgPerSec: counted / (ms / 1000),
        drainPerSec: drain.counted / (drain.ms / 1000),
        cpuPer10k: { process: (cpuProcess * 10_000) / o.n, postgres: ((cpu.postgres ?? 0) * 10_000) / o.n },
        kill: { acked: ackedCount, stored, lost: ackedCount - stored },
      });
    }
    return { n: o.n, runs };
  } finally {
    await cleanups.run();
  }
}
