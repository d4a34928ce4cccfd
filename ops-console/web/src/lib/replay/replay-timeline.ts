import type { Incident, ReplayDevice, ReplayEvent } from '@cityops/contracts';
import { ACTIVE_INCIDENT_STATES } from '../incidents/active-states.ts';

const ACTIVE = ACTIVE_INCIDENT_STATES;

/** What one move of the cursor changed, each entity once with where it ended up. */
export interface ReplayChanges {
  /** The device as it now stands; null when it did not exist yet at the new time. */
  devices: Map<string, ReplayDevice | null>;
  /** The incident as it now stands; null when it is not active at the new time. */
  incidents: Map<number, Incident | null>;
}

export interface ReplaySnapshot {
  /** The snapshot's time (ms) and boundary sseq (GET /api/replay/devices and /incidents). */
  at: number;
  sseq: number;
  devices: readonly ReplayDevice[];
  incidents: readonly Incident[];
}

interface Step {
  sseq: number;
  at: number;
  /** A device step (status or registry change) names its device; an incident step, its incident. */
  deviceId: string | null;
  /** The value after the step: null when the device is revoked, or the incident not active. */
  device: ReplayDevice | null;
  incident: Incident | null;
  incidentId: number;
}

/**
 * The city between a snapshot and the events after it, at any time in between.
 * Events are kept in sseq order, each with the value its entity had before it, so the cursor moves
 * either way in time proportional to the events it crosses: playing forward applies the next few,
 * dragging the slider back undoes the ones in between, and nothing is recomputed from the snapshot.
 *
 * The time → cursor rule matches the server's boundary B(T): every event up to the highest sseq
 * logged at or before T. Log times rise with sseq except when two writers race; then a by-time index
 * with running maxima keeps the rule exact.
 */
export class ReplayTimeline {
  readonly start: number;
  readonly startSseq: number;
  readonly #devices = new Map<string, ReplayDevice>();
  readonly #incidents = new Map<number, Incident>();
  readonly #steps: Step[] = [];
  /** For each step, its entity's value before it (null: absent / not active). */
  readonly #before: (ReplayDevice | Incident | null)[] = [];
  /** The state after every loaded step, to know each new step's `before` on append. */
  readonly #tailDevices: Map<string, ReplayDevice>;
  readonly #tailIncidents: Map<number, Incident>;
  #cursor = 0;
  #monotone = true;
  /** Step indices by time, and the highest index among the first k of them (non-monotone logs). */
  #byTime: { order: number[]; highest: number[] } | null = null;

  constructor(snapshot: ReplaySnapshot) {
    this.start = snapshot.at;
    this.startSseq = snapshot.sseq;
    for (const d of snapshot.devices) this.#devices.set(d.id, d);
    for (const i of snapshot.incidents) if (ACTIVE.has(i.state)) this.#incidents.set(i.id, i);
    this.#tailDevices = new Map(this.#devices);
    this.#tailIncidents = new Map(this.#incidents);
  }

  /** Events applied so far (the cursor) and loaded in all. */
  get cursor(): number {
    return this.#cursor;
  }

  get length(): number {
    return this.#steps.length;
  }

  /** The latest time the loaded events cover: seeking further shows no more. */
  get loadedUntil(): number {
    return this.#steps.length === 0 ? this.start : Math.max(this.start, this.#steps[this.#steps.length - 1]!.at);
  }

  /** sseq of the last loaded event (the next page's `after`). */
  get lastSseq(): number {
    return this.#steps.length === 0 ? this.startSseq : this.#steps[this.#steps.length - 1]!.sseq;
  }

  devices(): IterableIterator<ReplayDevice> {
    return this.#devices.values();
  }

  get deviceCount(): number {
    return this.#devices.size;
  }

  /** Incidents active at the cursor. */
  incidents(): Incident[] {
    return [...this.#incidents.values()];
  }

  /** Adds the next page of events (sseq order, after everything loaded). Applies none of them. */
  append(events: readonly ReplayEvent[]): void {
    for (const e of events) {
      if (e.sseq <= this.lastSseq) throw new Error(`replay event ${e.sseq} is not after ${this.lastSseq}`);
      const at = Date.parse(e.at);
      if (this.#steps.length > 0 && at < this.#steps[this.#steps.length - 1]!.at) this.#monotone = false;
      if (e.type === 'device') {
        const before = this.#tailDevices.get(e.id) ?? null;
        const device: ReplayDevice = {
          id: e.id,
          kind: e.kind,
          status: e.status,
          lat: e.lat,
          lon: e.lon,
          area: e.area,
          name: before?.name ?? null,
          address: before?.address ?? null,
        };
        this.#pushDevice(e.sseq, at, e.id, before, device);
      } else if (e.type === 'registry') {
        const id = e.device.id;
        this.#pushDevice(e.sseq, at, id, this.#tailDevices.get(id) ?? null, e.change === 'revoked' ? null : e.device);
      } else {
        const id = e.incident.id;
        this.#before.push(this.#tailIncidents.get(id) ?? null);
        if (ACTIVE.has(e.incident.state)) this.#tailIncidents.set(id, e.incident);
        else this.#tailIncidents.delete(id);
        this.#steps.push({ sseq: e.sseq, at, deviceId: null, device: null, incident: e.incident, incidentId: id });
      }
    }
    this.#byTime = null;
  }

  #pushDevice(sseq: number, at: number, id: string, before: ReplayDevice | null, device: ReplayDevice | null): void {
    if (device) this.#tailDevices.set(id, device);
    else this.#tailDevices.delete(id);
    this.#steps.push({ sseq, at, deviceId: id, device, incident: null, incidentId: 0 });
    this.#before.push(before);
  }

  /** How many events are applied at time `t` (the server's boundary rule). */
  cursorAt(t: number): number {
    const steps = this.#steps;
    if (this.#monotone) {
      let lo = 0;
      let hi = steps.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (steps[mid]!.at <= t) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    }
    this.#byTime ??= byTime(steps);
    const { order, highest } = this.#byTime;
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (steps[order[mid]!]!.at <= t) lo = mid + 1;
      else hi = mid;
    }
    // Every step logged at or before t is applied: up to the highest of them in sseq order.
    return lo === 0 ? 0 : highest[lo - 1]! + 1;
  }

  /** Moves to time `t`; returns what changed. */
  seek(t: number): ReplayChanges {
    return this.moveTo(this.cursorAt(t));
  }

  /** Moves the cursor to `target` applied events, forwards or backwards. */
  moveTo(target: number): ReplayChanges {
    const changes: ReplayChanges = { devices: new Map(), incidents: new Map() };
    const to = Math.max(0, Math.min(target, this.#steps.length));
    while (this.#cursor < to) {
      const step = this.#steps[this.#cursor++]!;
      this.#set(step, step.deviceId !== null ? step.device : step.incident, changes);
    }
    while (this.#cursor > to) {
      const i = --this.#cursor;
      this.#set(this.#steps[i]!, this.#before[i]!, changes);
    }
    return changes;
  }

  #set(step: Step, value: ReplayDevice | Incident | null, changes: ReplayChanges): void {
    if (step.deviceId !== null) {
      const id = step.deviceId;
      const device = value as ReplayDevice | null;
      if (device) this.#devices.set(id, device);
      else this.#devices.delete(id);
      changes.devices.set(id, device);
      return;
    }
    const incident = value as Incident | null;
    if (incident && ACTIVE.has(incident.state)) this.#incidents.set(step.incidentId, incident);
    else this.#incidents.delete(step.incidentId);
    changes.incidents.set(step.incidentId, incident && ACTIVE.has(incident.state) ? incident : null);
  }
}

/** Step indices sorted by (at, sseq), and for each prefix of that order the highest index in it. */
function byTime(steps: readonly Step[]): { order: number[]; highest: number[] } {
  const order = steps.map((_, i) => i).sort((a, b) => steps[a]!.at - steps[b]!.at || steps[a]!.sseq - steps[b]!.sseq);
  const highest: number[] = [];
  for (const i of order) highest.push(Math.max(i, highest.at(-1) ?? -1));
  return { order, highest };
}
