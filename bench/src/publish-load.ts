import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PublishJob, PublishResult } from './publisher-process.ts';

/** Runs the publisher in a child process; resolves when the broker acknowledged all N messages. */
export function publishLoad(job: PublishJob, onSpawn?: (pid: number) => void, timeoutMs = 120_000): Promise<PublishResult> {
  const child = fork(fileURLToPath(new URL('./publisher-process.ts', import.meta.url)), [], {
    execArgv: ['--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  if (child.pid) onSpawn?.(child.pid);
  return new Promise<PublishResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`publisher did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('message', (r) => {
      clearTimeout(timer);
      resolve(r as PublishResult);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`publisher exited ${code}`));
    });
    child.send(job);
  });
}
