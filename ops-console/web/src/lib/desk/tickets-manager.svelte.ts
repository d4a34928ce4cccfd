import type { CreateTicketRequest, Hotline, Ticket, TicketDuplicate, TicketEvent, TicketStateRequest, UnitsResponse } from '@cityops/contracts';
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
  #units: Promise<UnitsResponse> | undefined;
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
  transfer(id: number, line: Hotline, reason: string, category: string | null): Promise<TicketCommandResult> {
    return this.#command(() => this.#api.post<Ticket>(`/api/tickets/${id}/transfer`, { line, reason, ...(category ? { category } : {}) }));
  }

  /** POST /api/tickets: a call taken at the desk (dispatcher+). */
  file(request: CreateTicketRequest): Promise<TicketCommandResult> {
    return this.#command(() => this.#api.post<Ticket>('/api/tickets', request));
  }

  /** POST /api/tickets/{id}/state: forward (to a unit), in progress, answer, close; with an optional note. */
  advance(id: number, request: TicketStateRequest): Promise<TicketCommandResult> {
    return this.#command(() => this.#api.post<Ticket>(`/api/tickets/${id}/state`, request));
  }

  /** POST /api/tickets/{id}/notes: progress on the history, no state change. */
  note(id: number, note: string): Promise<TicketCommandResult> {
    return this.#command(() => this.#api.post<Ticket>(`/api/tickets/${id}/notes`, { note }));
  }

  /** GET /api/tickets/{id}: with its history and duplicates, for the detail. */
  detail(id: number): Promise<Ticket> {
    return this.#api.get<Ticket>(`/api/tickets/${id}`);
  }

  /** GET /api/units, once per page: the directory changes only with a restart of the server. */
  units(): Promise<UnitsResponse> {
    this.#units ??= this.#api.get<UnitsResponse>('/api/units').catch((err: unknown) => {
      this.#units = undefined;
      throw err;
    });
    return this.#units;
  }

  /** Tickets a report being typed may repeat (GET /api/tickets/duplicates). */
  async duplicatesNear(q: { line: Hotline; category: string; lat: number; lon: number }): Promise<TicketDuplicate[]> {
    const params = new URLSearchParams({ line: q.line, category: q.category, lat: String(q.lat), lon: String(q.lon) });
    return (await this.#api.get<{ items: TicketDuplicate[] }>(`/api/tickets/duplicates?${params}`)).items;
  }

  async #command(send: () => Promise<Ticket>): Promise<TicketCommandResult> {
    try {
      const ticket = await send();
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
