import type { Incident, IncidentContext } from '@cityops/contracts';
import { isFireIncident } from './actions.ts';
import { errorMessage } from '../api/error-message.ts';
import type { Message } from '../i18n/translate.ts';
import type { IncidentsManager } from '../stores/incidents-manager.svelte.ts';

/**
 * The selected incident with its timeline (GET /api/incidents/{id}). Kept apart from the active
 * list, so a resolved incident stays on screen (to be closed) after it leaves the queue; refetched
 * when an event for it arrives, at most one request at a time.
 */
export class DetailManager {
  incident = $state.raw<Incident | null>(null);
  loading = $state(false);
  error = $state.raw<Message | null>(null);
  /** Fire incidents: the building, nearest stations and hand-offs; null for other kinds or until read. */
  context = $state.raw<IncidentContext | null>(null);

  readonly #incidents: IncidentsManager;
  #id: number | null = null;
  #inFlight = false;
  #again = false;

  constructor(incidents: IncidentsManager) {
    this.#incidents = incidents;
  }

  get id(): number | null {
    return this.#id;
  }

  show(id: number | null): void {
    if (id === this.#id) return;
    this.#id = id;
    this.error = null;
    this.context = null;
    // What the list already has shows at once; the timeline follows.
    this.incident = id === null ? null : (this.#incidents.get(id) ?? null);
    if (id !== null) void this.refresh();
  }

  /** An event or a command's answer for some incident: ours is merged, then its timeline refetched. */
  accept(incident: Incident | null): void {
    if (!incident || incident.id !== this.#id) return;
    this.incident = { ...incident, timeline: incident.timeline ?? this.incident?.timeline };
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const id = this.#id;
    if (id === null) return;
    if (this.#inFlight) {
      this.#again = true;
      return;
    }
    this.#inFlight = true;
    this.loading = this.incident?.timeline === undefined;
    try {
      const fresh = await this.#incidents.fetchOne(id);
      // A hand-off changes the context too; it is read with every refresh of a fire incident.
      const context = isFireIncident(fresh.kind) ? await this.#incidents.fetchContext(id) : null;
      if (this.#id === id) {
        this.incident = fresh;
        this.context = context;
        this.error = null;
      }
    } catch (err) {
      if (this.#id === id) this.error = errorMessage(err);
    } finally {
      this.#inFlight = false;
      this.loading = false;
    }
    if (this.#again) {
      this.#again = false;
      await this.refresh();
    }
  }
}
