import type { Incident } from '@cityops/contracts';
import type { MessageKey } from '../i18n/translate.ts';
import type { FrameScheduler } from '../realtime/frame-scheduler.ts';
import { PlaybackClock, type ReplaySpeed } from './playback-clock.ts';
import { loadReplaySnapshot, REPLAY_WINDOW_MS, streamReplayEvents, type GetJson } from './replay-loader.ts';
import { ReplayDevices } from './replay-devices.svelte.ts';
import { ReplayTimeline } from './replay-timeline.ts';

export interface ReplayDeps {
  /** The session's `api.get`, whose 401 handler signs the operator out, as for every other call. */
  get: GetJson;
  frames: FrameScheduler;
  /** Wall-clock time (Date.now): the window is the 24 hours before opening. */
  now?: () => number;
  /** A monotonic clock for playback (performance.now). */
  tickClock?: () => number;
  /** How often the replayed time advances while playing. */
  tickMs?: number;
}

/** 10 redraws a second: at 600× that is a minute of history per step, smooth enough for a wall. */
const TICK_MS = 100;

/**
 * Replay mode: loads the city 24 hours back and the events since, then shows it
 * at the time on the slider. The live stores are never touched: events keep flowing into them and
 * the incident queue stays as it is; the map switches its data source while `active`.
 */
export class ReplayManager {
  phase = $state<'live' | 'loading' | 'replay'>('live');
  error = $state<MessageKey | null>(null);
  /** The replayed time (ms since epoch) and the window around it. */
  time = $state(0);
  start = $state(0);
  end = $state(0);
  /** Up to where history is loaded; the slider cannot go further yet. */
  knownUntil = $state(0);
  playing = $state(false);
  speed = $state<ReplaySpeed>(60);
  incidents = $state.raw<Incident[]>([]);
  readonly devices: ReplayDevices;

  readonly #deps: Required<Omit<ReplayDeps, 'frames'>>;
  #timeline: ReplayTimeline | null = null;
  #clock: PlaybackClock | null = null;
  #abort: AbortController | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(deps: ReplayDeps) {
    this.devices = new ReplayDevices(deps.frames);
    this.#deps = { get: deps.get, now: deps.now ?? Date.now, tickClock: deps.tickClock ?? (() => performance.now()), tickMs: deps.tickMs ?? TICK_MS };
  }

  /** The map shows the replay (once the snapshot is in). */
  get active(): boolean {
    return this.phase === 'replay';
  }

  async open(): Promise<void> {
    if (this.phase !== 'live') return;
    const end = this.#deps.now();
    const start = end - REPLAY_WINDOW_MS;
    const abort = (this.#abort = new AbortController());
    this.phase = 'loading';
    this.error = null;
    this.start = start;
    this.end = end;
    this.time = start;
    this.knownUntil = start;
    this.playing = false;
    let timeline: ReplayTimeline;
    try {
      timeline = new ReplayTimeline(await loadReplaySnapshot(this.#deps.get, start, abort.signal));
    } catch (err) {
      if (abort.signal.aborted) return;
      console.error('cityops: loading the replay failed', err);
      this.phase = 'live';
      this.error = 'replay.error';
      return;
    }
    this.#timeline = timeline;
    this.#clock = new PlaybackClock({ start, end: start }, this.speed);
    this.devices.load(timeline.devices());
    this.incidents = timeline.incidents();
    this.phase = 'replay';
    try {
      await streamReplayEvents(
        this.#deps.get,
        { from: start, to: end },
        (page) => {
          timeline.append(page.items);
          this.#extend(page.next === null ? end : timeline.loadedUntil);
        },
        abort.signal,
      );
    } catch (err) {
      if (abort.signal.aborted) return;
      console.error('cityops: loading replay events failed', err);
      this.error = 'replay.partial';
    }
  }

  /** Back to the live map; the replay's memory is released. */
  live(): void {
    this.#abort?.abort();
    this.#stopTimer();
    this.#timeline = null;
    this.#clock = null;
    this.devices.clear();
    this.phase = 'live';
    this.playing = false;
    this.incidents = [];
    this.error = null;
  }

  seek(t: number): void {
    if (!this.#clock) return;
    this.#clock.seek(t, this.#deps.tickClock());
    this.#show(this.#clock.position(this.#deps.tickClock()));
  }

  togglePlay(): void {
    const clock = this.#clock;
    if (!clock) return;
    if (clock.playing) {
      clock.pause(this.#deps.tickClock());
      this.#stopTimer();
    } else {
      clock.play(this.#deps.tickClock());
      this.#timer = setInterval(() => this.#show(clock.position(this.#deps.tickClock())), this.#deps.tickMs);
    }
    this.#show(clock.position(this.#deps.tickClock()));
  }

  setSpeed(speed: ReplaySpeed): void {
    this.speed = speed;
    this.#clock?.setSpeed(speed, this.#deps.tickClock());
  }

  #extend(until: number): void {
    this.knownUntil = until;
    this.#clock?.setEnd(until, this.#deps.tickClock());
  }

  #show(t: number): void {
    const timeline = this.#timeline;
    if (!timeline) return;
    const changes = timeline.seek(t);
    if (changes.devices.size > 0) {
      const changed = [...changes.devices.values()];
      // A device created later than t has to leave the map: only a rebuild removes one.
      if (changed.includes(null)) this.devices.load(timeline.devices());
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- only formatted, at once
      else this.devices.apply(changed as NonNullable<(typeof changed)[number]>[], new Date(t).toISOString());
    }
    if (changes.incidents.size > 0) this.incidents = timeline.incidents();
    this.time = t;
    this.playing = this.#clock?.playing ?? false;
    if (!this.playing) this.#stopTimer();
  }

  #stopTimer(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }
}
