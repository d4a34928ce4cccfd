import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { startEmbeddedDatabase } from '@cityops/db';

/**
 * `cityops start` runs the embedded database in a process of its own. Killed with SIGKILL, the stack
 * must not leave that process behind holding the data directory: the next start would be refused.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'cityops-orphan-'));
const env = (): NodeJS.ProcessEnv => {
  const e: NodeJS.ProcessEnv = {
    ...process.env,
    CITYOPS_DATA_DIR: dataDir,
    PORT: '0',
    CITYOPS_MQTT_PORT: '0',
    CITYOPS_SIMULATE: '0',
    CITYOPS_DEMO_PASSWORD: 'orphan-test-pw',
    LOG_LEVEL: 'warn',
  };
  for (const k of ['DATABASE_URL', 'MQTT_URL', 'REDIS_URL', 'CITYOPS_INGEST_SHARED_GROUP', 'VITEST', 'VITEST_POOL_ID', 'VITEST_WORKER_ID']) delete e[k];
  return e;
};
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
let stack: ChildProcess | undefined;
let databasePid = 0;

afterAll(() => {
  stack?.kill('SIGKILL');
  if (databasePid && alive(databasePid)) process.kill(databasePid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the stack killed with SIGKILL', () => {
  it('takes its embedded database process with it, and the data directory opens again', { timeout: 180_000 }, async () => {
    stack = spawn(process.execPath, ['--import', 'tsx', 'cli/src/main.ts', 'start'], { cwd: ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    stack.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    stack.stderr!.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-8000)));
    await expect.poll(() => /MQTT broker:/.test(out) || stack!.exitCode !== null, { timeout: 120_000, interval: 100 }).toBe(true);
    expect(stack.exitCode, out).toBeNull();

    // The lock file names the process holding the data directory: the database's own, not the stack.
    databasePid = Number(readFileSync(join(dataDir, 'pgdata.lock'), 'utf8').split(/\s+/)[0]);
    expect(databasePid).not.toBe(stack.pid);
    expect(alive(databasePid)).toBe(true);

    stack.kill('SIGKILL');
    await new Promise((r) => stack!.once('exit', r));
    await expect.poll(() => alive(databasePid), { timeout: 20_000, interval: 100 }).toBe(false);

    const db = await startEmbeddedDatabase({ dataDir, log: pino({ level: 'silent' }) });
    await db.stop();
  });
});
