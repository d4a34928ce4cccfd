export type RequestFrame = (callback: () => void) => unknown;

/**
 * Coalesces work to once per animation frame: a burst of 1,000 device events costs one deck.gl
 * attribute refresh and one Svelte update. Tasks are keyed, so scheduling twice runs once.
 * `requestFrame` is injected (requestAnimationFrame in the browser, a fake in tests).
 */
export class FrameScheduler {
  readonly #requestFrame: RequestFrame;
  #tasks = new Map<string, () => void>();
  #pending = false;

  constructor(requestFrame: RequestFrame) {
    this.#requestFrame = requestFrame;
  }

  schedule(key: string, task: () => void): void {
    this.#tasks.set(key, task);
    if (this.#pending) return;
    this.#pending = true;
    this.#requestFrame(() => this.flush());
  }

  /** Runs what is due; tasks scheduled while flushing wait for the next frame. */
  flush(): void {
    const tasks = this.#tasks;
    this.#tasks = new Map();
    this.#pending = false;
    for (const task of tasks.values()) task();
  }
}

/**
 * The next task of the event loop, for what must not wait for the map: with the simulated fleet a
 * wall may draw 12 frames a second, and an incident list updated on animation frames showed a fire
 * alarm's row hundreds of milliseconds after it arrived. Lists and counters coalesce on tasks; the
 * map's layers keep coalescing on frames.
 */
export const nextTask: RequestFrame = (callback) => setTimeout(callback, 0);
