import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { startEmbeddedDatabase } from '@cityops/db';
import { embeddedStackEnv, startStackProcess } from './testing/stack-process.ts';

/**
 * `cityops start` runs the embedded database in a process of its own. Killed with SIGKILL, the stack
 * must not leave that process behind holding the data directory: the next start would be refused.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'cityops-orphan-'));
const env = () => embeddedStackEnv(dataDir, 'orphan-test-pw');
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
    const started = await startStackProcess(env());
    stack = started.child;
    const out = started.output();
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
