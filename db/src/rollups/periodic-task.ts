import type { Logger } from 'pino';

export interface PeriodicTask {
  /** Runs the task now (after the run in flight, if any), then keeps the period. */
  runNow(): Promise<void>;
  /** Stops the timer and waits for a run in flight. */
  stop(): Promise<void>;
}

/**
 * Runs `task` every `everyMs`, never two at once: a slow run delays the next instead of piling up
 * (the embedded database serves one connection). Failures are logged and retried next period.
 */
export function startPeriodicTask(task: () => Promise<unknown>, everyMs: number, log: Logger, what: string): PeriodicTask {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const run = (): Promise<void> => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        await task();
      } catch (err) {
        log.warn({ err }, `${what} failed; retrying next period`);
      }
    });
    return running;
  };
  const timer = setInterval(() => void run(), everyMs);
  return {
    runNow: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
