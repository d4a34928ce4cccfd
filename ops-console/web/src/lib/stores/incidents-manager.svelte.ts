import type { CreateIncidentRequest, FireHandoff, Incident, IncidentContext, IncidentEvent, IncidentList, IncidentState } from '@cityops/contracts';
import { errorMessage } from '../api/error-message.ts';
import { ApiError, type Api } from '../api/http.ts';
import { sortQueue } from '../desk/queue-order.ts';
import type { Message, MessageKey } from '../i18n/translate.ts';
import type { FrameScheduler } from '../realtime/frame-scheduler.ts';
import { IncidentIndex } from './incident-index.ts';
import { loadSnapshot } from './snapshot-load.ts';
import { ackConflictMessage, incidentFromAck } from './ack-response.ts';

/** Told of every incident event with what this browser held before it (alarm, open detail). */
export type IncidentListener = (incident: Incident, previous: Incident | undefined, known: boolean) => void;

/** The outcome of a lifecycle command: the updated incident (when the server sent it), or what to show. */
export type CommandResult = { ok: true; incident: Incident | null } | { ok: false; error: Message };

/** Lifecycle order, to tell a command's answer from one a later event has already overtaken. */
const STATE_RANK: Readonly<Record<IncidentState, number>> = { open: 0, acknowledged: 1, dispatched: 2, resolved: 3, closed: 4 };

/**
 * Active incidents kept live from `incident:opened` / `incident:updated`: `items` newest first (the
 * map), `queue` in the desk's order (open first, then severity, then oldest). Both are rebuilt at
 * most once an animation frame, however many events arrive.
 */
export class IncidentsManager {
  items = $state.raw<Incident[]>([]);
  queue = $state.raw<Incident[]>([]);
  /** Active incidents nobody has acknowledged yet. */
  unacknowledged = $state(0);
  loaded = $state(false);
  error = $state<MessageKey | null>(null);

  readonly #index = new IncidentIndex();
  readonly #api: Api;
  readonly #frames: FrameScheduler;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- subscribers are called, not rendered: subscribing must not re-run effects
  readonly #listeners = new Set<IncidentListener>();
  #queueVersion = -1;

  constructor(api: Api, frames: FrameScheduler) {
    this.#api = api;
    this.#frames = frames;
  }

  /** GET /api/incidents?state=active; live events that arrive meanwhile are kept over the snapshot. */
  async load(): Promise<void> {
    const ok = await loadSnapshot(this.#index, async () => (await this.#api.get<IncidentList>('/api/incidents?state=active')).items, 'incidents');
    this.error = ok ? null : 'error.loadIncidents';
    if (!ok) return;
    this.loaded = true;
    this.#schedule();
  }

  apply(e: IncidentEvent): void {
    const previous = this.#index.byId.get(e.incident.id);
    if (this.#index.apply(e.incident)) this.#schedule();
    for (const listener of this.#listeners) listener(e.incident, previous, this.loaded);
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: IncidentListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get(id: number): Incident | undefined {
    return this.#index.byId.get(id);
  }

  /** GET /api/incidents/{id}: the incident with its timeline, whatever its state. */
  fetchOne(id: number): Promise<Incident> {
    return this.#api.get<Incident>(`/api/incidents/${id}`);
  }

  /** GET /api/incidents/{id}/context: the building, the nearest fire stations, hand-offs to 114. */
  fetchContext(id: number): Promise<IncidentContext> {
    return this.#api.get<IncidentContext>(`/api/incidents/${id}/context`);
  }

  /** POST /api/incidents/{id}/handoff: dispatches to 114 with the building; the answer is the hand-off record. */
  async handoff(id: number, stationId: string | null, note: string): Promise<CommandResult> {
    try {
      await this.#api.post<FireHandoff>(`/api/incidents/${id}/handoff`, { ...(stationId ? { stationId } : {}), ...(note ? { note } : {}) });
      // The incident's new state arrives as `incident:updated`; the caller refetches the detail.
      return { ok: true, incident: null };
    } catch (err) {
      return { ok: false, error: errorMessage(err) };
    }
  }

  /** POST /api/incidents/{id}/ack; 409 names who was first when the server says. */
  async ack(id: number): Promise<CommandResult> {
    try {
      const updated = incidentFromAck(await this.#api.post<unknown>(`/api/incidents/${id}/ack`));
      this.#applyAnswer(updated);
      return { ok: true, incident: updated };
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && err.problem?.code !== 'CITYOPS_INCIDENT_INVALID_TRANSITION') {
        return { ok: false, error: ackConflictMessage(err) };
      }
      return { ok: false, error: errorMessage(err) };
    }
  }

  /** POST /api/incidents: an incident opened by hand at the desk (dispatcher+). */
  async open(request: CreateIncidentRequest): Promise<CommandResult> {
    try {
      const opened = await this.#api.post<Incident>('/api/incidents', request);
      this.#applyAnswer(opened);
      return { ok: true, incident: opened };
    } catch (err) {
      return { ok: false, error: errorMessage(err) };
    }
  }

  /** POST /api/incidents/{id}/checklist/{item} `{done}`: the answer carries the checklist and timeline. */
  async tick(id: number, item: string, done: boolean): Promise<CommandResult> {
    try {
      const updated = await this.#api.post<Incident>(`/api/incidents/${id}/checklist/${encodeURIComponent(item)}`, { done });
      this.#applyAnswer(updated);
      return { ok: true, incident: updated };
    } catch (err) {
      return { ok: false, error: errorMessage(err) };
    }
  }

  /** POST /api/incidents/{id}/dispatch `{assignee, note?}` (acknowledges too if still open). */
  dispatch(id: number, assignee: string, note?: string): Promise<CommandResult> {
    return this.#command(id, 'dispatch', note ? { assignee, note } : { assignee });
  }

  /** POST /api/incidents/{id}/resolve `{note, overrideChecklist?}` (the override: supervisors, over open required items). */
  resolve(id: number, note: string, overrideChecklist = false): Promise<CommandResult> {
    return this.#command(id, 'resolve', overrideChecklist ? { note, overrideChecklist } : { note });
  }

  /** POST /api/incidents/{id}/close `{note?}`: only from `resolved` (else 409 INVALID_TRANSITION). */
  close(id: number, note?: string): Promise<CommandResult> {
    return this.#command(id, 'close', note ? { note } : {});
  }

  /** POST /api/incidents/{id}/comments `{text}`. */
  comment(id: number, text: string): Promise<CommandResult> {
    return this.#command(id, 'comments', { text });
  }

  /** POST /api/incidents/{id}/tickets `{ticketId, note?}`: the ticket is about this incident. */
  linkTicket(id: number, ticketId: number, note?: string): Promise<CommandResult> {
    return this.#command(id, 'tickets', note ? { ticketId, note } : { ticketId });
  }

  /** POST /api/incidents/{id}/merge `{into, note?}`: this one is a duplicate; the answer is `into`. */
  merge(id: number, into: number, note?: string): Promise<CommandResult> {
    return this.#command(id, 'merge', note ? { into, note } : { into });
  }

  async #command(id: number, verb: string, body: object): Promise<CommandResult> {
    try {
      const updated = incidentFromAck(await this.#api.post<unknown>(`/api/incidents/${id}/${verb}`, body));
      this.#applyAnswer(updated);
      return { ok: true, incident: updated };
    } catch (err) {
      return { ok: false, error: errorMessage(err) };
    }
  }

  /**
   * A command's answer, unless a later event has moved the incident further along already (the
   * event for the command itself follows on the socket either way).
   */
  #applyAnswer(updated: Incident | null): void {
    if (!updated) return;
    const current = this.#index.byId.get(updated.id);
    if (!current) return;
    if ((STATE_RANK[updated.state] ?? 0) < (STATE_RANK[current.state] ?? 0)) return;
    if (this.#index.apply(updated)) this.#schedule();
  }

  #schedule(): void {
    this.#frames.schedule('incidents', () => {
      this.items = this.#index.list();
      if (this.#queueVersion !== this.#index.version) {
        this.#queueVersion = this.#index.version;
        this.queue = sortQueue(this.#index.byId.values());
        let open = 0;
        for (const i of this.queue) if (i.state === 'open') open++;
        this.unacknowledged = open;
      }
    });
  }
}
