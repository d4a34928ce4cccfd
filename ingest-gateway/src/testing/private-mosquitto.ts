import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { buildDynsecSeed, BROKER_ADMIN_USER } from '../broker/dynsec/dynsec-seed.ts';
import type { DeviceAccount } from '../broker/dynsec/device-account-commands.ts';
import { connectMosquittoAccounts, type MosquittoAccounts } from '../broker/dynsec/mosquitto-accounts.ts';

/** deploy/mosquitto/ of this repository: the shipped broker configuration. */
export const SHIPPED_MOSQUITTO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../deploy/mosquitto');

const MOSQUITTO_CANDIDATES = ['/usr/sbin/mosquitto', '/usr/local/sbin/mosquitto', '/usr/bin/mosquitto', '/usr/local/bin/mosquitto'];

const PLUGIN_CANDIDATES = [
  '/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so',
  '/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so',
  '/usr/lib/mosquitto_dynamic_security.so',
  '/usr/local/lib/mosquitto_dynamic_security.so',
];

/** Paths of a Mosquitto binary and its dynamic security plugin on this machine, or undefined. */
export function findMosquitto(): { broker: string; plugin: string } | undefined {
  const broker = process.env.CITYOPS_MOSQUITTO_BIN ?? MOSQUITTO_CANDIDATES.find((p) => existsSync(p));
  if (!broker || !existsSync(broker)) return undefined;
  const plugin = process.env.CITYOPS_MOSQUITTO_DYNSEC ?? PLUGIN_CANDIDATES.find((p) => existsSync(p));
  return plugin && existsSync(plugin) ? { broker, plugin } : undefined;
}

export interface PrivateMosquitto {
  url: string;
  port: number;
  pid: number;
  /** Temp directory holding the config copy, data/ (with dynamic-security.json) and mosquitto.log. */
  dir: string;
  service: { username: string; password: string };
  /** The broker admin account (CITYOPS_MQTT_ADMIN_PASSWORD), its URL and a session of it. */
  adminPassword: string;
  adminUrl: string;
  accounts: MosquittoAccounts;
  version: string;
  process: ChildProcess;
  /** SIGTERM, wait for exit (SIGKILL after 5 s), remove the temp directory. */
  close(): Promise<void>;
}

export interface PrivateMosquittoOptions {
  /** Device accounts to create (as cityops does when it registers a device). */
  devices?: readonly DeviceAccount[];
  /** Stand-alone gateway service users to seed, cityops-ingest-1 … -N (default 2, as `cityops broker seed`). */
  gateways?: number;
  /** Values replacing the shipped ones, for experiments: e.g. { max_queued_messages: '1000' }. */
  overrides?: Readonly<Record<string, string>>;
}

/** A free TCP port on 127.0.0.1 (tiny race until the broker binds it; start() retries). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolvePort(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((res) => {
    const sock = connect({ port, host: '127.0.0.1' });
    sock.once('connect', () => {
      sock.destroy();
      res(true);
    });
    sock.once('error', () => res(false));
  });
}

/**
 * The shipped deploy/mosquitto/mosquitto.conf made runnable here: listener on a free loopback port,
 * persistence and the dynamic security file in a temp directory, this machine's plugin path.
 * Everything else — queue limits, inflight, packet size, autosave, the accounts and roles the seed
 * writes — is what ships, so tests exercise it.
 */
export function renderTestConfig(shipped: string, o: { port: number; dir: string; plugin: string; overrides?: Readonly<Record<string, string>> }): string {
  const lines = shipped.split('\n').map((line) => {
    const [key] = line.trim().split(/\s+/);
    if (key === 'listener') return `listener ${o.port} 127.0.0.1`;
    if (key === 'plugin') return `plugin ${o.plugin}`;
    if (key === 'plugin_opt_config_file') return `plugin_opt_config_file ${join(o.dir, 'data', 'dynamic-security.json')}`;
    if (key === 'persistence_location') return `persistence_location ${join(o.dir, 'data')}/`;
    if (key && o.overrides && key in o.overrides) return `${key} ${o.overrides[key]}`;
    return line;
  });
  // Running as root, Mosquitto would drop to user "mosquitto", which cannot read our 0700 temp dir.
  const user = userInfo().username;
  return `${lines.join('\n')}\n${user === 'root' ? 'user root\n' : ''}`;
}

export async function startPrivateMosquitto(opts: PrivateMosquittoOptions = {}): Promise<PrivateMosquitto> {
  const bins = findMosquitto();
  if (!bins) throw new Error('no mosquitto binary with its dynamic security plugin found (set CITYOPS_MOSQUITTO_BIN, CITYOPS_MOSQUITTO_DYNSEC)');
  const dir = mkdtempSync(join(tmpdir(), 'cityops-mosquitto-'));
  mkdirSync(join(dir, 'data'));
  const service = { username: 'cityops-service', password: randomBytes(12).toString('hex') };
  const adminPassword = randomBytes(12).toString('hex');
  // The seed `cityops broker seed` writes; the gateway of a test signs in as cityops-service (+ -fire).
  writeFileSync(
    join(dir, 'data', 'dynamic-security.json'),
    JSON.stringify(buildDynsecSeed({ adminPassword, servicePassword: service.password, gateways: opts.gateways })),
    {
      mode: 0o600,
    },
  );
  // `mosquitto -h` prints the version and exits 3.
  const version = /mosquitto version (\S+)/.exec(spawnSync(bins.broker, ['-h'], { encoding: 'utf8' }).stdout)?.[1] ?? 'unknown';

  const shipped = readFileSync(join(SHIPPED_MOSQUITTO_DIR, 'mosquitto.conf'), 'utf8');
  for (let attempt = 0; ; attempt += 1) {
    const port = await freePort();
    const confPath = join(dir, 'mosquitto.conf');
    writeFileSync(confPath, renderTestConfig(shipped, { port, dir, plugin: bins.plugin, overrides: opts.overrides }));
    const log = createWriteStream(join(dir, 'mosquitto.log'), { flags: 'a' });
    const child = spawn(bins.broker, ['-c', confPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    let exited = false;
    const exitedP = new Promise<void>((r) =>
      child.once('exit', () => {
        exited = true;
        r();
      }),
    );
    const deadline = Date.now() + 10_000;
    while (!exited && Date.now() < deadline && !(await canConnect(port))) await new Promise((r) => setTimeout(r, 50));
    if (exited || Date.now() >= deadline) {
      if (!exited) child.kill('SIGKILL');
      await exitedP;
      log.end();
      if (attempt < 3) continue;
      const text = existsSync(join(dir, 'mosquitto.log')) ? readFileSync(join(dir, 'mosquitto.log'), 'utf8') : '';
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`mosquitto did not start: ${text.slice(-800)}`);
    }
    const adminUrl = `mqtt://${BROKER_ADMIN_USER}:${adminPassword}@127.0.0.1:${port}`;
    const accounts = await connectMosquittoAccounts(adminUrl, pino({ level: 'silent' }));
    if (opts.devices?.length) await accounts.put(opts.devices);
    return {
      url: `mqtt://127.0.0.1:${port}`,
      adminPassword,
      adminUrl,
      accounts,
      port,
      pid: child.pid!,
      dir,
      service,
      version,
      process: child,
      async close() {
        await accounts.close().catch(() => undefined);
        if (!exited) {
          child.kill('SIGTERM');
          const t = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exitedP;
          clearTimeout(t);
        }
        log.end();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}
