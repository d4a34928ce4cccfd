import { io, type Socket } from 'socket.io-client';
import type { OpsClientEvents, OpsServerEvents } from '@cityops/contracts';
import { connectionStatus, STALE_AFTER_MS, type ConnectionStatus, type LinkState } from '../realtime/connection-status.ts';
import type { FrameScheduler } from '../realtime/frame-scheduler.ts';
import { BATCHED_EVENTS, bindOpsEvents, type OpsSink } from '../realtime/ops-events.ts';
import { SseqTracker } from '../realtime/sseq-tracker.ts';

/** The console's Socket.IO namespace. Literal rather than OPS_NAMESPACE: see README, "What it may import". */
const NAMESPACE = '/ops';
/** After the server refused us and the session still checks out, try again this much later. */
const RETRY_REFUSED_MS = 5_000;

export interface RealtimeOptions {
  frames: FrameScheduler;
  sink: OpsSink;
  /** The server refused the link: ask whether the session is still valid. */
  onRefused: () => Promise<void> | void;
  now?: () => number;
}

/** The Socket.IO link to `/ops`: resumes from the last sseq and reports live / reconnecting / stale. */
export class RealtimeManager {
  status = $state<ConnectionStatus>('reconnecting');
  lastSseq = $state(0);

  readonly #tracker = new SseqTracker();
  readonly #opts: RealtimeOptions;
  readonly #now: () => number;
  #link: LinkState;
  #socket: Socket<OpsServerEvents, OpsClientEvents> | null = null;
  #staleTimer: ReturnType<typeof setTimeout> | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(opts: RealtimeOptions) {
    this.#opts = opts;
    this.#now = opts.now ?? Date.now;
    this.#link = { connected: false, refused: false, downSince: this.#now() };
  }

  connect(): void {
    if (this.#socket) return;
    const socket: Socket<OpsServerEvents, OpsClientEvents> = io(NAMESPACE, {
      withCredentials: true,
      // A function is re-read before every (re)connection attempt, so each handshake carries
      // the newest lastSseq and the server replays exactly what we missed.
      // `batch`: device:status arrives as device:statusBatch (BATCHED_EVENTS).
      auth: (cb) => cb({ ...this.#tracker.handshake(), batch: [...BATCHED_EVENTS] }),
    });
    this.#socket = socket;
    const sink = this.#opts.sink;
    bindOpsEvents(socket, this.#tracker, {
      deviceStatus: (e) => (sink.deviceStatus(e), this.#publishSseq()),
      deviceRegistry: (e) => (sink.deviceRegistry?.(e), this.#publishSseq()),
      incident: (e) => (sink.incident(e), this.#publishSseq()),
      // A KPI tick carries no sseq of its own (see bindOpsEvents): nothing to publish.
      kpi: (e) => sink.kpi(e),
      replayDone: (e) => (sink.replayDone(e), this.#publishSseq()),
      queueLoad: (e) => (sink.queueLoad?.(e), this.#publishSseq()),
      ticket: (e) => (sink.ticket?.(e), this.#publishSseq()),
      ridership: (e) => (sink.ridership?.(e), this.#publishSseq()),
      notification: (e) => (sink.notification?.(e), this.#publishSseq()),
    });
    socket.on('connect', () => this.#setLink({ connected: true, refused: false }));
    socket.on('disconnect', (reason) => {
      // 'io server disconnect': the server closed on purpose; socket.io will not retry.
      const refused = reason === 'io server disconnect';
      this.#setLink({ connected: false, refused, downSince: this.#now() });
      if (refused) void this.#recheck();
    });
    socket.on('connect_error', () => {
      // An inactive socket means the server's middleware said no (no session), not a network blip.
      if (!socket.active) {
        this.#setLink({ connected: false, refused: true });
        void this.#recheck();
      } else this.#refresh();
    });
  }

  disconnect(): void {
    clearTimeout(this.#staleTimer);
    clearTimeout(this.#retryTimer);
    this.#socket?.removeAllListeners();
    this.#socket?.disconnect();
    this.#socket = null;
  }

  async #recheck(): Promise<void> {
    await this.#opts.onRefused();
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.#socket?.connect(), RETRY_REFUSED_MS);
  }

  #setLink(patch: Partial<LinkState>): void {
    this.#link = { ...this.#link, ...patch };
    this.#refresh();
  }

  /** Recomputes the status, and once more when a short outage would turn stale. */
  #refresh(): void {
    this.status = connectionStatus(this.#link, this.#now());
    clearTimeout(this.#staleTimer);
    if (this.status === 'reconnecting') {
      const due = this.#link.downSince + STALE_AFTER_MS - this.#now();
      this.#staleTimer = setTimeout(() => this.#refresh(), Math.max(due, 0) + 50);
    }
  }

  #publishSseq(): void {
    this.#opts.frames.schedule('sseq', () => {
      this.lastSseq = this.#tracker.last;
    });
  }
}
