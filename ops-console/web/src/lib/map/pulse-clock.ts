/** requestAnimationFrame and cancelAnimationFrame, or a fake in tests. */
export interface AnimationFrames {
  request(callback: (now: number) => void): number;
  cancel(handle: number): void;
}

/** Pulses need no more than this many redraws a second; the rest of the frames stay free. */
export const PULSE_FRAME_MS = 50;

/**
 * The time the incident pulses are drawn at. It runs only while something pulses, and reports at
 * most every `stepMs`, not every frame: each report redraws the map.
 */
export class PulseClock {
  readonly #frames: AnimationFrames;
  readonly #onTick: (now: number) => void;
  readonly #stepMs: number;
  #handle: number | null = null;
  #last = 0;

  constructor(frames: AnimationFrames, onTick: (now: number) => void, stepMs = PULSE_FRAME_MS) {
    this.#frames = frames;
    this.#onTick = onTick;
    this.#stepMs = stepMs;
  }

  get running(): boolean {
    return this.#handle !== null;
  }

  /** Starts or stops; asking for what is already so changes nothing (a running pulse keeps its rhythm). */
  run(on: boolean): void {
    if (on && this.#handle === null) {
      this.#last = 0;
      this.#handle = this.#frames.request(this.#tick);
    } else if (!on && this.#handle !== null) {
      this.#frames.cancel(this.#handle);
      this.#handle = null;
    }
  }

  readonly #tick = (now: number): void => {
    if (now - this.#last >= this.#stepMs) {
      this.#last = now;
      this.#onTick(now);
    }
    // onTick may have stopped the clock.
    if (this.#handle !== null) this.#handle = this.#frames.request(this.#tick);
  };
}
