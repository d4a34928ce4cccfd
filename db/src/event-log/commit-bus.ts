/**
 * In one process, whoever commits to the event log (the gateway, alerting, an API command, the
 * ridership emitter) says so here, and every reader of the log (alerting, the realtime stream) looks
 * at once instead of at its next poll. Created first by the composition root and handed to
 * producers and readers alike; readers in other processes still find the entries by polling.
 */
export class CommitBus {
  readonly #readers = new Set<() => void>();

  /** A reader to wake after each commit; returns its unsubscribe. */
  subscribe(wake: () => void): () => void {
    this.#readers.add(wake);
    return () => this.#readers.delete(wake);
  }

  /** Something was committed to the event log. */
  notify = (): void => {
    for (const wake of this.#readers) wake();
  };
}
