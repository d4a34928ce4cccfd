/**
 * What a bench started (databases, brokers, stacks, child processes), stopped in the reverse order,
 * each once: at the end of the run, or earlier from the caller's Ctrl-C handler (`onCleanup`).
 */
export class Cleanups {
  readonly #all: (() => Promise<void>)[] = [];

  constructor(
    private readonly label: string,
    private readonly onCleanup?: (close: () => Promise<void>) => void,
  ) {}

  add(fn: () => Promise<void>): void {
    let done: Promise<void> | undefined;
    const close = () => (done ??= fn());
    this.#all.push(close);
    this.onCleanup?.(close);
  }

  /** Stops everything added, newest first; a failure is reported and the rest still stop. */
  async run(): Promise<void> {
    for (const close of this.#all.reverse()) await close().catch((err: Error) => process.stderr.write(`${this.label} cleanup: ${err.message}\n`));
  }
}
