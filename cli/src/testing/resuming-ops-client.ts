import { io, type Socket } from 'socket.io-client';
import { OPS_NAMESPACE } from '@cityops/contracts';

export interface ReceivedEvent {
  name: string;
  sseq: number;
  /** The incident's id, for incident events. */
  incidentId?: number;
}

/**
 * A wall-map client of one console replica, as the web app behaves: it reconnects by itself when
 * the console goes away and resumes from the last `sseq` it received (`auth.lastSseq`). It keeps
 * every sequenced event exactly as it arrived — repeats and disorder included — so a test can say
 * whether the stream was whole, once and in order.
 */
export class ResumingOpsClient {
  readonly received: ReceivedEvent[] = [];
  connects = 0;
  disconnects = 0;
  readonly #socket: Socket;
  #lastSseq = 0;

  constructor(
    readonly name: string,
    consoleUrl: string,
    cookie: string,
  ) {
    this.#socket = io(new URL(OPS_NAMESPACE, consoleUrl).toString(), {
      transports: ['websocket'],
      extraHeaders: { cookie, origin: new URL(consoleUrl).origin },
      reconnectionDelay: 200,
      reconnectionDelayMax: 1000,
      // Read at every (re)connection: where this client's stream stopped.
      auth: (cb) => cb(this.#lastSseq > 0 ? { lastSseq: this.#lastSseq } : {}),
    });
    this.#socket.on('connect', () => (this.connects += 1));
    this.#socket.on('disconnect', () => (this.disconnects += 1));
    this.#socket.onAny((name: string, body: unknown) => {
      const sseq = (body as { sseq?: unknown } | null)?.sseq;
      // A KPI tick is a snapshot stamped with the console's position, not an event of the stream
      // (never replayed), so it is neither kept nor resumed from, as the web app does.
      if (name === 'replay:done' || name === 'kpi:tick' || typeof sseq !== 'number') return;
      const incidentId = (body as { incident?: { id?: number } }).incident?.id;
      this.received.push({ name, sseq, ...(incidentId === undefined ? {} : { incidentId }) });
      this.#lastSseq = Math.max(this.#lastSseq, sseq);
    });
  }

  get connected(): boolean {
    return this.#socket.connected;
  }

  /** The incident ids of `incident:opened`, in the order received. */
  opened(): number[] {
    return this.received.filter((e) => e.name === 'incident:opened').map((e) => e.incidentId!);
  }

  close(): void {
    this.#socket.disconnect();
  }
}
