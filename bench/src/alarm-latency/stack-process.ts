import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The monorepo root (this file is bench/src/alarm-latency/stack-process.ts). */
const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');

export interface StackProcess {
  pid: number;
  consoleUrl: string;
  mqttUrl: string;
  /** The tail of what the stack wrote (for failure messages). */
  output(): string;
  /** SIGTERM, SIGKILL after 15 s, remove the data directory. */
  stop(): Promise<void>;
}

export interface StackProcessOptions {
  databaseUrl: string;
  /** With credentials of the service account; unset → the stack's own embedded broker. */
  mqttUrl: string | undefined;
  logLevel: string;
  startTimeoutMs?: number;
}

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
 * `cityops start` — the shipped composition root (cli/src/stack.ts: gateway, alerting, console,
 * realtime) — as a process of its own, on the given database and broker, simulated fleet off,
 * console on a free loopback port. A child process rather than an import: the bench may import only
 * contracts, db and ingest-gateway (eslint boundaries), and the measuring client should not share
 * its event loop with the server it measures — as a browser would not.
 */
export async function startStackProcess(opts: StackProcessOptions): Promise<StackProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cityops-bench-stack-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: opts.databaseUrl,
    PORT: '0',
    CITYOPS_HOST: '127.0.0.1',
    CITYOPS_DATA_DIR: dataDir,
    CITYOPS_SIMULATE: '0',
    CITYOPS_MQTT_PORT: '0',
    CITYOPS_INGEST_CLIENT_ID: `cityops-bench-ingest-${process.pid}`,
    LOG_LEVEL: opts.logLevel,
  };
  delete env.MQTT_URL;
  delete env.REDIS_URL;
  delete env.CITYOPS_INGEST_SHARED_GROUP;
  if (opts.mqttUrl) env.MQTT_URL = opts.mqttUrl;
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(REPO_ROOT, 'cli', 'src', 'main.ts'), 'start'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const append = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  // Stack logs go to stderr of this process too when they are warnings or worse (they explain figures).
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= (async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if (!(await exited(child, 15_000))) {
        child.kill('SIGKILL');
        await exited(child, 5000);
      }
    }
    process.off('exit', killOnExit);
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
  })());

  const timeoutMs = opts.startTimeoutMs ?? 90_000;
  try {
    const urls = await new Promise<{ consoleUrl: string; mqttUrl: string }>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`cityops start did not come up within ${timeoutMs} ms`)), timeoutMs);
      const check = () => {
        const c = /cityops console:\s+(http:\/\/\S+)/.exec(out);
        const m = /MQTT broker:\s+(mqtts?:\/\/\S+)/.exec(out);
        if (c && m) {
          clearTimeout(timer);
          child.stdout!.off('data', check);
          res({ consoleUrl: c[1]!, mqttUrl: m[1]! });
        }
      };
      child.stdout!.on('data', check);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        rej(new Error(`cityops start exited during start-up (code ${code}, signal ${signal})`));
      });
    });
    return { pid: child.pid!, ...urls, output: () => out, stop };
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- cityops output ---\n${out.slice(-3000)}`);
  }
}
