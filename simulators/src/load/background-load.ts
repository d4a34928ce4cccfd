import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BackgroundCounts, BackgroundDevice, BackgroundJob, FromPublisher, ToPublisher } from './background-publisher.ts';

export interface BackgroundLoad {
  pids: number[];
  /** Start publishing (all processes at once). */
  go(): void;
  /** Counts summed over the processes, now. */
  counts(): Promise<BackgroundCounts>;
  /** Stop publishing, let in-flight messages be acknowledged, end the processes; final counts. */
  stop(): Promise<BackgroundCounts>;
}

const sum = (all: BackgroundCounts[]): BackgroundCounts =>
  all.reduce((s, c) => ({ sent: s.sent + c.sent, acked: s.acked + c.acked, errors: s.errors + c.errors, behind: s.behind + c.behind }), {
    sent: 0,
    acked: 0,
    errors: 0,
    behind: 0,
  });

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((res) => {
    const t = setTimeout(() => res(false), ms);
    child.once('exit', () => {
      clearTimeout(t);
      res(true);
    });
  });
}

/**
 * Background telemetry from `processes` child processes (so publishing never runs on the measuring
 * process's event loop), devices and rate split evenly. Resolves once every device is signed in.
 */
export async function startBackgroundLoad(opts: {
  url: string;
  protocolVersion: 4 | 5;
  devices: readonly BackgroundDevice[];
  ratePerSec: number;
  processes: number;
  maxInFlight?: number;
}): Promise<BackgroundLoad> {
  const script = fileURLToPath(new URL('./background-publisher.ts', import.meta.url));
  const children: ChildProcess[] = [];
  const killAll = () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  };
  process.once('exit', killAll);
  let nextId = 0;
  const ask = (child: ChildProcess) =>
    new Promise<BackgroundCounts>((resolve, reject) => {
      const id = ++nextId;
      const onMessage = (m: FromPublisher) => {
        if (m.type === 'stats' && m.id === id) {
          child.off('message', onMessage);
          resolve(m.counts);
        }
      };
      child.on('message', onMessage);
      child.send({ type: 'stats', id } satisfies ToPublisher, (err) => err && reject(err));
    });
  try {
    await Promise.all(
      Array.from({ length: opts.processes }, (_, i) => {
        const devices = opts.devices.filter((_, k) => k % opts.processes === i);
        const job: BackgroundJob = {
          url: opts.url,
          protocolVersion: opts.protocolVersion,
          devices,
          ratePerSec: opts.ratePerSec / opts.processes,
          maxInFlight: opts.maxInFlight ?? 2000,
        };
        const child = fork(script, [], { execArgv: ['--import', import.meta.resolve('tsx')], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        children.push(child);
        return new Promise<void>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`background publisher ${child.pid} did not sign in its ${devices.length} devices within 60 s`)),
            60_000,
          );
          child.once('message', (m: FromPublisher) => {
            clearTimeout(timer);
            if (m.type === 'ready') resolve();
            else reject(new Error(`background publisher: ${m.type === 'failed' ? m.message : m.type}`));
          });
          child.once('exit', (code) => {
            clearTimeout(timer);
            reject(new Error(`background publisher exited ${code} during start-up`));
          });
          child.send(job);
        });
      }),
    );
  } catch (err) {
    killAll();
    process.off('exit', killAll);
    throw err;
  }
  let stopped: Promise<BackgroundCounts> | undefined;
  return {
    pids: children.map((c) => c.pid!),
    go: () => children.forEach((c) => c.send({ type: 'go' } satisfies ToPublisher)),
    counts: async () => sum(await Promise.all(children.map(ask))),
    stop: () =>
      (stopped ??= (async () => {
        const finals = await Promise.all(
          children.map(async (child) => {
            const final = new Promise<BackgroundCounts>((res) => {
              child.on('message', (m: FromPublisher) => m.type === 'stopped' && res(m.counts));
              child.once('exit', () => res({ sent: 0, acked: 0, errors: 0, behind: 0 }));
            });
            if (child.connected) child.send({ type: 'stop' } satisfies ToPublisher);
            const counts = await Promise.race([
              final,
              new Promise<BackgroundCounts>((res) => setTimeout(() => res({ sent: 0, acked: 0, errors: 0, behind: 0 }), 10_000)),
            ]);
            if (!(await exited(child, 5000))) {
              child.kill('SIGKILL');
              await exited(child, 5000);
            }
            return counts;
          }),
        );
        process.off('exit', killAll);
        return sum(finals);
      })()),
  };
}
