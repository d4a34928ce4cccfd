import type { Hotline, Ticket, TicketEvent } from '@cityops/contracts';
import { errorMessage } from '../api/error-message.ts';
import type { Api } from '../api/http.ts';
import type { Message } from '../i18n/translate.ts';
import type { FrameScheduler } from '../realtime/frame-scheduler.ts';
import { TicketIndex } from './ticket-index.ts';

export type TicketCommandResult = { ok: true; ticket: Ticket } | { ok: false; error: Message };

/**
 * The desk's open hotline tickets: a snapshot of `GET /api/tickets?state=active` with
 * duplicates, kept live by `ticket:opened` / `ticket:updated`, published at most once a frame.
 */
export class TicketsManager {
  items = $state.raw<Ticket[]>([]);
  loaded = $state(false);
  failed = $state(false);

  readonly #index = new TicketIndex();
  readonly #api: Api;
  readonly #frames: FrameScheduler;

  constructor(api: Api, frames: FrameScheduler) {
    this.#api = api;
    this.#frames = frames;
  }

  async load(): Promise<void> {
    try {
      const { items } = await this.#api.get<{ items: Ticket[] }>('/api/tickets?state=active&duplicates=true&limit=5000');
      for (const t of items) this.#index.apply(t);
      this.loaded = true;
      this.failed = false;
      this.#schedule();
    } catch {
      this.failed = true;
    }
  }

  apply(e: TicketEvent): void {
    if (this.#index.apply(e.ticket)) this.#schedule();
  }

  get(id: number): Ticket | undefined {
    return this.#index.open.get(id);
  }

  /** POST /api/tickets/{id}/transfer `{line, reason, category?}` (dispatcher+). */
  async transfer(id: number, line: Hotline, reason: string, category: string | null): Promise<TicketCommandResult> {
    try {
      const ticket = await this.#api.post<Ticket>(`/api/tickets/${id}/transfer`, { line, reason, ...(category ? { category } : {}) });
      if (this.#index.apply(ticket)) this.#schedule();
      return { ok: true, ticket };
    } catch (err) {
      return { ok: false, error: errorMessage(err) };
    }
  }

  #schedule(): void {
    this.#frames.schedule('tickets', () => {
      this.items = [...this.#index.open.values()];
    });
  }
}
