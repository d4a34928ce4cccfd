import { Worker } from 'node:worker_threads';

/**
 * Ends this process when its parent is gone, even if the main thread never gets to notice: a
 * PGlite call that never returns blocks the event loop, so the IPC 'disconnect' handler cannot run,
 * and an orphan would hold the data directory's lock for ever. A worker thread has its own loop; it
 * watches the parent pid and, once the parent is gone, gives the main thread `graceMs` to stop
 * cleanly before SIGKILLing the process (committed data is in the write-ahead log either way).
 */
export function startOrphanGuard(graceMs: number, onError: (err: Error) => void = () => undefined): Worker {
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
     const timer = setInterval(() => {
       if (process.ppid === workerData.parent) return;
       clearInterval(timer);
       setTimeout(() => process.kill(process.pid, 'SIGKILL'), workerData.graceMs);
     }, 500);`,
    // Plain CommonJS, whatever loader options this process runs with (no tsx in the guard).
    { eval: true, execArgv: [], workerData: { parent: process.ppid, graceMs }, resourceLimits: { maxOldGenerationSizeMb: 8 } },
  );
  // An 'error' nobody listens to would end this process: the guard is best effort, its failure is not.
  worker.on('error', onError);
  worker.unref();
  return worker;
}
