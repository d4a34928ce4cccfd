import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');

/**
 * The environment of a `cityops start` child on embedded defaults in `dataDir`, on free ports,
 * without the simulated fleet. The machine's services and vitest's own variables are never passed on.
 */
export function embeddedStackEnv(dataDir: string, demoPassword: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CITYOPS_DATA_DIR: dataDir,
    PORT: '0',
    CITYOPS_MQTT_PORT: '0',
    CITYOPS_SIMULATE: '0',
    CITYOPS_DEMO_PASSWORD: demoPassword,
    LOG_LEVEL: 'warn',
  };
  for (const k of ['DATABASE_URL', 'MQTT_URL', 'REDIS_URL', 'CITYOPS_INGEST_SHARED_GROUP', 'VITEST', 'VITEST_POOL_ID', 'VITEST_WORKER_ID']) delete env[k];
  return env;
}

/** Node's arguments for `cityops start` from source, as in development. */
export const START_FROM_SOURCE = ['--import', 'tsx', 'cli/src/main.ts', 'start'];

/**
 * `cityops start` as a child process (Node's `args`, from the repository root); resolves with its broker
 * and console URLs once it prints its banner.
 */
export async function startStackProcess(
  env: NodeJS.ProcessEnv,
  timeoutMs = 120_000,
  args: readonly string[] = START_FROM_SOURCE,
): Promise<{ child: ChildProcess; mqttUrl: string; consoleUrl: string; output: () => string }> {
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-8000)));
  const mqttUrl = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`stack did not start: ${out}`)), timeoutMs);
    child.stdout!.on('data', () => {
      const m = /MQTT broker:\s+(mqtt:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`stack exited ${code}: ${out}`));
    });
  });
  const consoleUrl = /cityops console:\s+(http:\/\/\S+)/.exec(out)?.[1];
  if (!consoleUrl) throw new Error(`no console URL in the banner: ${out}`);
  return { child, mqttUrl, consoleUrl, output: () => out };
}
