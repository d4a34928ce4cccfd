import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

export interface StackProcess {
  child: ChildProcess;
  consoleUrl: string;
  mqttUrl: string;
  /** The embedded database's process now (it changes if the stack restarts it). */
  databasePid(): number | undefined;
  /** The stack's log lines at warn level or above, as printed. */
  warnings: string[];
  stop(): Promise<void>;
}

/** `cityops start` on embedded defaults in a child process, without the simulated fleet. */
export async function startStackProcess(dataDir: string, adminPassword: string): Promise<StackProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CITYOPS_DATA_DIR: dataDir,
    PORT: '0',
    CITYOPS_MQTT_PORT: '0',
    CITYOPS_SIMULATE: '0',
    CITYOPS_DEMO_PASSWORD: adminPassword,
    LOG_LEVEL: 'warn',
  };
  for (const k of ['DATABASE_URL', 'MQTT_URL', 'REDIS_URL']) delete env[k];
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/src/main.ts', 'start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const warnings: string[] = [];
  let out = '';
  const onOutput = (c: Buffer) => {
    out = (out + c.toString()).slice(-20_000);
    for (const line of c.toString().split('\n')) if (/"level":(40|50|60)/.test(line)) warnings.push(line.slice(0, 500));
  };
  child.stdout!.on('data', onOutput);
  child.stderr!.on('data', onOutput);
  const { consoleUrl, mqttUrl } = await new Promise<{ consoleUrl: string; mqttUrl: string }>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the stack did not start: ${out.slice(-2000)}`)), 180_000);
    const check = () => {
      const c = /cityops console:\s+(http:\/\/\S+)/.exec(out);
      const m = /MQTT broker:\s+(mqtt:\/\/\S+)/.exec(out);
      if (c && m) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        ok({ consoleUrl: c[1]!, mqttUrl: m[1]! });
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => fail(new Error(`the stack exited ${code}: ${out.slice(-2000)}`)));
  });
  return {
    child,
    consoleUrl,
    mqttUrl,
    warnings,
    databasePid() {
      try {
        return Number(readFileSync(join(dataDir, 'pgdata.lock'), 'utf8').split(/\s+/)[0]) || undefined;
      } catch {
        return undefined;
      }
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await new Promise((r) => child.once('exit', r));
      clearTimeout(timer);
    },
  };
}
