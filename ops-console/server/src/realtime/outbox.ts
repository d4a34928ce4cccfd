import { batchRuns, type Message } from './delivery.ts';

/** The part of a Socket.IO socket the outbox uses, so tests can pass a fake. */
export interface Emitter {
  emit(name: string, body: unknown): void;
  /** Emits asking for an acknowledgement; `done` runs once, on the ack or on the timeout. */
  emitWithAck(name: string, body: unknown, done: () => void): void;
}

/**
 * One socket's way out, in sseq order. A plain client gets every message as it comes (the `/ops` stream
 * of docs/api.md, without the batching extension). A client that asked for batches gets at most one
 * `device:statusBatch` in flight: until it acknowledges that batch, what follows waits here and then
 * goes out merged into as few messages as possible. A browser whose frames are slow (a wall on a weak
 * GPU) handles only a few socket messages per frame, so one message per server read fell further and
 * further behind; gated this way each message carries everything since the last one, whatever the
 * client's pace. Nothing is dropped or reordered: the items keep their own sseq.
 */
export class Outbox {
  readonly #emitter: Emitter;
  readonly #batch: boolean;
  #queue: Message[] = [];
  #waiting = false;

  constructor(emitter: Emitter, batch: boolean) {
    this.#emitter = emitter;
    this.#batch = batch;
  }

  /** Messages waiting for the client's acknowledgement (for tests and metrics). */
  get queued(): number {
    return this.#queue.length;
  }

  push(messages: readonly Message[]): void {
    if (!this.#batch) {
      for (const m of messages) this.#emitter.emit(m.name, m.body);
      return;
    }
    for (const m of messages) {
      // While a batch is in flight only device statuses must wait; anything with nothing queued
      // before it (an incident, replay:done) is next in order anyway and goes at once.
      if (this.#waiting && this.#queue.length === 0 && m.name !== 'device:status') this.#emitter.emit(m.name, m.body);
      else this.#queue.push(m);
    }
    if (!this.#waiting) this.#flush();
  }

  #flush(): void {
    const out = batchRuns(this.#queue);
    this.#queue = [];
    let lastBatch = -1;
    for (let i = 0; i < out.length; i++) if (out[i]!.name === 'device:statusBatch') lastBatch = i;
    for (let i = 0; i < out.length; i++) {
      const m = out[i]!;
      if (i !== lastBatch) {
        this.#emitter.emit(m.name, m.body);
        continue;
      }
      this.#waiting = true;
      this.#emitter.emitWithAck(m.name, m.body, () => {
        this.#waiting = false;
        if (this.#queue.length > 0) this.#flush();
      });
    }
  }
}
