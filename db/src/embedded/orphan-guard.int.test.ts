import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('orphan guard', () => {
  it('ends a process whose main thread is blocked (as inside a PGlite call that never returns) once its parent is killed', { timeout: 60_000 }, async () => {
    // parent → child; the child starts the guard (grace 500 ms) and blocks its event loop for good.
    const childCode =
      "import { startOrphanGuard } from './db/src/embedded/orphan-guard.ts'; startOrphanGuard(500);" +
      " setTimeout(() => { process.stdout.write('blocked\\n'); for (;;); }, 200);";
    const parentCode = `
      const { spawn } = require('node:child_process');
      const c = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', ${JSON.stringify(childCode)}], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      c.stdout.on('data', (d) => { if (String(d).includes('blocked')) process.stdout.write(c.pid + '\\n'); });
      setTimeout(() => process.exit(), 60_000);`;
    const parent = spawn(process.execPath, ['-e', parentCode], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let childPid = 0;
    try {
      childPid = await new Promise<number>((ok, fail) => {
        parent.stdout!.setEncoding('utf8').once('data', (d: string) => ok(Number(d.trim())));
        parent.once('exit', (code) => fail(new Error(`parent exited ${code}`)));
      });
      expect(alive(childPid)).toBe(true);
      parent.kill('SIGKILL');
      await expect.poll(() => alive(childPid), { timeout: 10_000, interval: 100 }).toBe(false);
    } finally {
      parent.kill('SIGKILL');
      if (childPid && alive(childPid)) process.kill(childPid, 'SIGKILL');
    }
  });
});
