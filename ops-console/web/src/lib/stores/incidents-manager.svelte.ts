import type { Incident, IncidentEvent, IncidentList } from '@cityops/contracts';
import { errorMessage } from '../api/error-message.ts';
import { ApiError, type Api } from '../api/http.ts';
import type { Message, MessageKey } from '../i18n/translate.ts';
import type { FrameScheduler } from '../realtime/frame-scheduler.ts';
import { IncidentIndex } from './incident-index.ts';
import { loadSnapshot } from './snapshot-load.ts';
import { ackConflictMessage, incidentFromAck } from './ack-response.ts';

/** Active incidents, newest first, kept live from `incident:opened` / `incident:updated`. */
export class IncidentsManager {
  items = $state.raw<Incident[]>([]);
  loaded = $state(false);
  error = $state<MessageKey | null>(null);

  readonly #index = new IncidentIndex();
  readonly #api: Api;
  readonly #frames: FrameScheduler;

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
    if (this.#index.apply(e.incident)) this.#schedule();
  }

  get(id: number): Incident | undefined {
    return this.#index.byId.get(id);
  }

  /** POST /api/incidents/{id}/ack. Returns the message to show, or null on success. */
  async acknowledge(id: number): Promise<Message | null> {
    try {
      const body = await this.#api.post<unknown>(`/api/incidents/${id}/ack`);
      const updated = incidentFromAck(body);
      // Only if no later event (dispatch, resolve) has overtaken this answer.
      if (updated && this.#index.byId.get(id)?.state === 'open') {
        this.#index.apply(updated);
        this.#schedule();
      }
      return null;
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) return ackConflictMessage(err);
      return errorMessage(err);
    }
  }

  #schedule(): void {
    this.#frames.schedule('incidents', () => {
      this.items = this.#index.list();
    });
  }
}
