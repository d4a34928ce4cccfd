import type { DeviceKind, FIRE_EVENTS, Hotline, TAP_RESULTS, TicketState } from '@cityops/contracts';

/**
 * What the engine reads. The first three are the event log's payloads with `type` set to their
 * topic (see ingest-gateway `eventsFor`), optionally enriched from the device registry; the rest
 * are built by the detectors or by the wiring. Times are ISO strings as logged, or epoch ms.
 */
export type Time = string | number;

/** Where a device is, as the registry knows it; optional because a payload may lack it. */
export interface Place {
  area?: string | null;
  lat?: number | null;
  lon?: number | null;
  name?: string | null;
  address?: string | null;
}

export interface FireEventObservation extends Place {
  type: 'fire.event';
  deviceId: string;
  at: Time;
  event: (typeof FIRE_EVENTS)[number];
  seq?: number;
  zone?: string;
  detector?: string;
}
export interface DeviceStatusObservation extends Place {
  type: 'device.status';
  id: string;
  kind: DeviceKind;
  status: string;
  at: Time;
}
export interface QueueLoadObservation extends Place {
  type: 'queue.load';
  id: string;
  waiting: number;
  serving: number;
  countersOpen: number;
  avgWaitSec: number;
  at: Time;
}
/** Built each tick from the registry's last-seen times (heartbeat-watch.ts). */
export interface HeartbeatObservation extends Place {
  type: 'heartbeat';
  id: string;
  kind: DeviceKind;
  lastSeenAt: number | null;
}
/** One tap at a reader; the engine feeds it to the replay and rejection detectors. */
export interface TransitTapObservation extends Place {
  type: 'transit.tap';
  id: string;
  token: string;
  result: (typeof TAP_RESULTS)[number];
  at: Time;
  routeId?: string;
  stopId?: string;
  vehicleId?: string;
}
export interface TapRef {
  deviceId: string;
  at: number;
}
/** Built by transit-replay.ts: the second acceptance of a token still inside its window. */
export interface TransitReplayObservation extends Place {
  type: 'transit.replay';
  token: string;
  first: TapRef;
  second: TapRef;
  at: number;
}
/** Built by rejection-rate.ts: a reader's counts over the sliding window ending at `at`. */
export interface TransitRejectionsObservation extends Place {
  type: 'transit.rejections';
  id: string;
  taps: number;
  rejected: number;
  at: number;
}
/** Built by area-outage.ts: the cameras of one area that are down now. */
export interface AreaCamerasObservation {
  type: 'area.cameras';
  area: string;
  total: number;
  downIds: string[];
  burst: number;
  at: number;
  lat?: number | null;
  lon?: number | null;
}
/** A hotline ticket as created or updated (contracts `Ticket`). */
export interface TicketObservation {
  type: 'ticket';
  id: number;
  line: Hotline;
  category: string;
  description?: string;
  state: TicketState;
  /** The line it was transferred from (contracts `Ticket.transferredFrom`): a transfer away must clear its incident. */
  transferredFrom?: Hotline | null;
  lat?: number | null;
  lon?: number | null;
  address?: string | null;
  area?: string | null;
  at: Time;
}

export type Observation =
  | FireEventObservation
  | DeviceStatusObservation
  | QueueLoadObservation
  | HeartbeatObservation
  | TransitTapObservation
  | TransitReplayObservation
  | TransitRejectionsObservation
  | AreaCamerasObservation
  | TicketObservation;

/** Time passes with nothing observed: pending may fire, recovering may resolve, silence may grow. */
export interface Tick {
  type: 'tick';
}

/** Epoch ms of an observation's time, or `fallback` when it is missing or unreadable. */
export function timeOf(t: Time | undefined, fallback: number): number {
  const ms = typeof t === 'number' ? t : typeof t === 'string' ? Date.parse(t) : NaN;
  return Number.isFinite(ms) ? ms : fallback;
}
