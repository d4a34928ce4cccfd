import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The monorepo root (this file is e2e/src/support/stack.ts). */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');
/** Screenshots and logs of the last run (gitignored). */
export const ARTIFACTS_DIR = join(REPO_ROOT, '.artifacts', 'e2e');

const WEB_INDEX = join(REPO_ROOT, 'ops-console', 'web', 'dist', 'index.html');
const CLI = ['--import', 'tsx', 'cli/src/main.ts'];

export interface ProvisionedDevice {
  id: string;
  kind: string;
  username: string;
  password: string;
}

export interface DeviceSpec {
  kind: 'fire' | 'camera' | 'transit' | 'queue';
  id: string;
  lat: number;
  lon: number;
  address?: string;
  name?: string;
  area?: string;
}

export interface RunningStack {
  pid: number;
  consoleUrl: string;
  mqttUrl: string;
  dataDir: string;
  demoPassword: string;
  /** `cityops device add` against the running stack (through its control socket). */
  addDevice(spec: DeviceSpec): Promise<ProvisionedDevice>;
  /** Everything the stack wrote to stdout and stderr so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Default: a random one. At least 8 characters. */
  demoPassword?: string;
  /** Bound on startup (first start provisions the simulated fleet). Default 150 s. */
  startTimeoutMs?: number;
  /** Default true: the 2,926-device simulated fleet. */
  simulate?: boolean;
  /** Default true: build the web app first if it is missing (the benches that need no browser skip it). */
  web?: boolean;
  /** External services (benches); default: the stack's embedded database and broker. */
  databaseUrl?: string;
  mqttUrl?: string;
  /** More environment for the stack (client ids, log level, bind address). */
  env?: Record<string, string>;
  /** Also copy the stack's stderr to this process's stderr (its warnings explain bench figures). */
  echoStderr?: boolean;
}

/** Builds ops-console/web/dist if it is missing (CI builds it before the suite). */
export async function ensureWebBuilt(timeoutMs = 170_000): Promise<void> {
  if (existsSync(WEB_INDEX)) return;
  await run('npm', ['run', 'build:web', '--silent'], { cwd: REPO_ROOT, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
  if (!existsSync(WEB_INDEX)) throw new Error(`npm run build:web did not produce ${WEB_INDEX}`);
}

/** The child's environment: embedded database and broker unless `extra` names services. */
function stackEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CITYOPS_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  // The machine's services are never inherited; only `extra` may name them.
  delete env.DATABASE_URL;
  delete env.MQTT_URL;
  delete env.REDIS_URL;
  delete env.CITYOPS_INGEST_SHARED_GROUP;
  Object.assign(env, extra);
  // What vitest sets for its own workers is not for the stack.
  delete env.VITEST;
  delete env.VITEST_POOL_ID;
  delete env.VITEST_WORKER_ID;
  return env;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((res) => {
    const timer = setTimeout(() => res(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      res(true);
    });
  });
}

/**
 * Starts `cityops start` as a child process on free ports with a fresh data directory and waits
 * until it prints the console and broker URLs (the control socket is up by then).
 */
export async function startStack(opts: StackOptions = {}): Promise<RunningStack> {
  if (opts.web !== false) await ensureWebBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'cityops-e2e-'));
  const demoPassword = opts.demoPassword ?? `e2e-${Math.random().toString(36).slice(2, 12)}`;
  const env = stackEnv(dataDir, {
    PORT: '0',
    CITYOPS_MQTT_PORT: '0',
    CITYOPS_DEMO_PASSWORD: demoPassword,
    CITYOPS_SIMULATE: opts.simulate === false ? '0' : '1',
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
    ...(opts.mqttUrl ? { MQTT_URL: opts.mqttUrl } : {}),
    ...opts.env,
  });
  const child = spawn(process.execPath, [...CLI, 'start'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const append = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    // Keep the start (the banner) and the recent tail; the simulator can be chatty.
    if (out.length > 200_000) out = `${out.slice(0, 20_000)}\n…\n${out.slice(-100_000)}`;
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  if (opts.echoStderr) child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));

  // If the test run itself dies, do not leave the stack behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, 10_000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 5_000);
      }
    }
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
  };

  const timeoutMs = opts.startTimeoutMs ?? 150_000;
  try {
    const urls = await new Promise<{ consoleUrl: string; mqttUrl: string }>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`cityops did not start within ${timeoutMs} ms`)), timeoutMs);
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
        rej(new Error(`cityops exited during startup (code ${code}, signal ${signal})`));
      });
    });
    return {
      pid: child.pid!,
      ...urls,
      dataDir,
      demoPassword,
      output: () => out,
      stop,
      async addDevice(spec) {
        const args = [...CLI, 'device', 'add', '--kind', spec.kind, '--id', spec.id, '--lat', String(spec.lat), '--lon', String(spec.lon)];
        for (const key of ['address', 'name', 'area'] as const) if (spec[key]) args.push(`--${key}`, spec[key]);
        const { stdout } = await run(process.execPath, args, { cwd: REPO_ROOT, env: stackEnv(dataDir), timeout: 60_000 });
        return JSON.parse(stdout.trim().split('\n').pop()!) as ProvisionedDevice;
      },
    };
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- cityops output ---\n${out.slice(-4000)}`);
  }
}
