import type { Logger } from 'pino';

/**
 * Drives a reader of the event log: runs `step` until it reports nothing more to do, then sleeps
 * until `wake()` (an in-process nudge after a commit) or the poll interval, whichever comes first.
 * Errors are logged and retried after the interval: a consumer outlives a database restart.
 */
export class TailLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly step: () => Promise<number>,
    private readonly pollMs: number,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.wake();
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.runUntilIdle().finally(() => {
      this.running = undefined;
      if (this.stopped) return;
      if (this.again) {
        this.again = false;
        this.wake();
      } else this.timer = setTimeout(() => this.wake(), this.pollMs);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private async runUntilIdle(): Promise<void> {
    try {
      while (!this.stopped && (await this.step()) > 0);
    } catch (err) {
      this.log.warn({ err }, 'event-log reader failed; retrying');
    }
  }
}
