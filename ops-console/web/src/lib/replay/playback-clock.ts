/** Replay speeds offered on the bar: 1× real time up to 10 minutes of history a second. */
export const REPLAY_SPEEDS = [1, 10, 60, 600] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];

/**
 * The replayed time as a function of the wall clock, which is passed in (performance.now in the
 * browser, numbers in tests). It is anchored at the last play/pause/seek/speed change and moves at
 * `speed` while playing, stopping by itself at the end of what can be shown.
 */
export class PlaybackClock {
  #start: number;
  #end: number;
  #anchor: number;
  #anchorWall = 0;
  #playing = false;
  #speed: ReplaySpeed;

  constructor(range: { start: number; end: number }, speed: ReplaySpeed = 60) {
    this.#start = range.start;
    this.#end = Math.max(range.start, range.end);
    this.#anchor = range.start;
    this.#speed = speed;
  }

  get playing(): boolean {
    return this.#playing;
  }

  get speed(): ReplaySpeed {
    return this.#speed;
  }

  get end(): number {
    return this.#end;
  }

  /** The replayed time now; reaching the end pauses there. */
  position(wallNow: number): number {
    if (!this.#playing) return this.#anchor;
    const t = this.#anchor + (wallNow - this.#anchorWall) * this.#speed;
    if (t < this.#end) return t;
    this.#anchor = this.#end;
    this.#playing = false;
    return this.#end;
  }

  play(wallNow: number): void {
    // Playing from the end starts again from the beginning, as media players do.
    const t = this.position(wallNow);
    this.#rebase(t >= this.#end ? this.#start : t, wallNow);
    this.#playing = true;
  }

  pause(wallNow: number): void {
    this.#rebase(this.position(wallNow), wallNow);
    this.#playing = false;
  }

  setSpeed(speed: ReplaySpeed, wallNow: number): void {
    this.#rebase(this.position(wallNow), wallNow);
    this.#speed = speed;
  }

  seek(t: number, wallNow: number): void {
    this.#rebase(t, wallNow);
  }

  /** More history became available (pages still loading) or less (clamped). */
  setEnd(end: number, wallNow: number): void {
    const t = this.position(wallNow);
    this.#end = Math.max(this.#start, end);
    this.#rebase(t, wallNow);
  }

  #rebase(t: number, wallNow: number): void {
    this.#anchor = Math.min(this.#end, Math.max(this.#start, t));
    this.#anchorWall = wallNow;
  }
}
