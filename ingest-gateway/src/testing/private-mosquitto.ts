import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync, createWriteStream } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

/** deploy/mosquitto/ of this repository: the shipped broker configuration. */
export const SHIPPED_MOSQUITTO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../deploy/mosquitto');

const MOSQUITTO_CANDIDATES = ['/usr/sbin/mosquitto', '/usr/local/sbin/mosquitto', '/usr/bin/mosquitto', '/usr/local/bin/mosquitto'];

/** Path of a Mosquitto binary (and its mosquitto_passwd) on this machine, or undefined. */
export function findMosquitto(): { broker: string; passwd: string } | undefined {
  const broker = process.env.CITYOPS_MOSQUITTO_BIN ?? MOSQUITTO_CANDIDATES.find((p) => existsSync(p));
  if (!broker || !existsSync(broker)) return undefined;
  const passwd = ['/usr/bin/mosquitto_passwd', '/usr/local/bin/mosquitto_passwd', join(dirname(broker), 'mosquitto_passwd')].find((p) => existsSync(p));
  return passwd ? { broker, passwd } : undefined;
}

export interface PrivateMosquitto {
  url: string;
  /** Replaces the device accounts (service accounts kept) and reloads the broker (SIGHUP). */
  setDevices(devices: Readonly<Record<string, string>>): void;
  port: number;
  pid: number;
  /** Temp directory holding the config copy, passwd, acl, data/ and mosquitto.log. */
  dir: string;
  service: { username: string; password: string };
  version: string;
  process: ChildProcess;
  /** SIGTERM, wait for exit (SIGKILL after 5 s), remove the temp directory. */
  close(): Promise<void>;
}

export interface PrivateMosquittoOptions {
  /** Device accounts to create besides the service account. */
  devices?: Readonly<Record<string, string>>;
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
 * persistence, password file and ACL in a temp directory. Everything else — queue limits, inflight,
 * packet size, autosave, the ACL file itself — is the shipped text, so tests exercise what ships.
 */
export function renderTestConfig(shipped: string, o: { port: number; dir: string; overrides?: Readonly<Record<string, string>> }): string {
  const lines = shipped.split('\n').map((line) => {
    const [key] = line.trim().split(/\s+/);
    if (key === 'listener') return `listener ${o.port} 127.0.0.1`;
    if (key === 'password_file') return `password_file ${join(o.dir, 'passwd')}`;
    if (key === 'acl_file') return `acl_file ${join(o.dir, 'acl')}`;
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
  if (!bins) throw new Error('no mosquitto binary found (set CITYOPS_MOSQUITTO_BIN)');
  const dir = mkdtempSync(join(tmpdir(), 'cityops-mosquitto-'));
  mkdirSync(join(dir, 'data'));
  copyFileSync(join(SHIPPED_MOSQUITTO_DIR, 'acl'), join(dir, 'acl'));
  const service = { username: 'cityops-service', password: randomBytes(12).toString('hex') };
  const passwdFile = join(dir, 'passwd');
  // Plain user:password lines hashed in place by mosquitto_passwd -U: one call for any number of accounts.
  // The fire lane of a gateway signing in as `cityops-service` signs in as `cityops-service-fire`.
  const serviceAccounts = { [service.username]: service.password, [`${service.username}-fire`]: service.password };
  const accounts = { ...serviceAccounts, ...opts.devices };
  writeFileSync(
    passwdFile,
    Object.entries(accounts)
      .map(([u, p]) => `${u}:${p}\n`)
      .join(''),
    { mode: 0o600 },
  );
  execFileSync(bins.passwd, ['-U', passwdFile], { stdio: 'ignore' });
  // `mosquitto -h` prints the version and exits 3.
  const version = /mosquitto version (\S+)/.exec(spawnSync(bins.broker, ['-h'], { encoding: 'utf8' }).stdout)?.[1] ?? 'unknown';

  const shipped = readFileSync(join(SHIPPED_MOSQUITTO_DIR, 'mosquitto.conf'), 'utf8');
  for (let attempt = 0; ; attempt += 1) {
    const port = await freePort();
    const confPath = join(dir, 'mosquitto.conf');
    writeFileSync(confPath, renderTestConfig(shipped, { port, dir, overrides: opts.overrides }));
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
    return {
      setDevices(devices) {
        writeFileSync(
          passwdFile,
          Object.entries({ ...serviceAccounts, ...devices })
            .map(([u, p]) => `${u}:${p}\n`)
            .join(''),
          { mode: 0o600 },
        );
        execFileSync(bins.passwd, ['-U', passwdFile], { stdio: 'ignore' });
        child.kill('SIGHUP');
      },
      url: `mqtt://127.0.0.1:${port}`,
      port,
      pid: child.pid!,
      dir,
      service,
      version,
      process: child,
      async close() {
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
