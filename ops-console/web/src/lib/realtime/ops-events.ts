import type {
  DeviceRegistryEvent,
  DeviceStatusEvent,
  IncidentEvent,
  KpiTickEvent,
  NotificationEvent,
  OpsServerEvents,
  QueueLoadEvent,
  TicketEvent,
  TransitRidershipEvent,
} from '@cityops/contracts';
import type { SseqTracker } from './sseq-tracker.ts';

export type ReplayDone = Parameters<OpsServerEvents['replay:done']>[0];

/**
 * Events this client asks to receive batched (handshake `auth.batch`, an opt-in beyond the plain `/ops`
 * stream, ADR 0006):
 * a busy fleet then costs about one message per frame, not one per device change. A wall whose
 * frames take long (no GPU) handled only a few messages between two frames and fell ever further
 * behind with one message per change.
 */
export const BATCHED_EVENTS = ['device:status'] as const;

/** Where accepted events go. */
export interface OpsSink {
  deviceStatus(e: DeviceStatusEvent): void;
  /** A device provisioned, revoked or restored; optional so a sink without it still compiles. */
  deviceRegistry?(e: DeviceRegistryEvent): void;
  incident(e: IncidentEvent): void;
  kpi(e: KpiTickEvent): void;
  replayDone(e: ReplayDone): void;
  /** Map overlays; optional so a sink without them still compiles. */
  queueLoad?(e: QueueLoadEvent): void;
  ticket?(e: TicketEvent): void;
  ridership?(e: TransitRidershipEvent): void;
  /** A console contact point's message (a banner); optional so a sink without it still compiles. */
  notification?(e: NotificationEvent): void;
}

/** The part of a socket.io client socket this module uses, so tests can pass an EventEmitter. */
export interface OpsEventSource {
  on<E extends keyof OpsServerEvents>(event: E, listener: OpsServerEvents[E]): unknown;
}

/** Subscribes to the `/ops` events, applying each once, in sseq order (KPI ticks as they come). */
export function bindOpsEvents(socket: OpsEventSource, tracker: SseqTracker, sink: OpsSink): void {
  socket.on('device:status', (e) => {
    if (tracker.accept(e?.sseq)) sink.deviceStatus(e);
  });
  // Opt-in (see BATCHED_EVENTS): one message for a run of device:status, each item gated on its own
  // sseq, so a batch overlapping a replay applies only what is new, like single events do.
  // The ack tells the server this batch is applied: it holds the next one until then (paced to us).
  socket.on('device:statusBatch', (b, ack) => {
    if (b && Array.isArray(b.items)) for (const e of b.items) if (tracker.accept(e?.sseq)) sink.deviceStatus(e);
    if (typeof ack === 'function') ack();
  });
  socket.on('device:registry', (e) => {
    if (tracker.accept(e?.sseq) && e.device && typeof e.device.id === 'string') sink.deviceRegistry?.(e);
  });
  socket.on('incident:opened', (e) => {
    if (tracker.accept(e?.sseq) && e.incident) sink.incident(e);
  });
  socket.on('incident:updated', (e) => {
    if (tracker.accept(e?.sseq) && e.incident) sink.incident(e);
  });
  // A KPI tick is a snapshot, never replayed: its sseq is the server's latest event id when it was
  // sent, usually one already applied. Gating it like an event dropped nearly every tick, and
  // accepting it must not move the resume point either.
  socket.on('kpi:tick', (e) => {
    if (e && typeof e === 'object' && typeof e.at === 'string') sink.kpi(e);
  });
  socket.on('queue:load', (e) => {
    if (tracker.accept(e?.sseq) && typeof e.id === 'string') sink.queueLoad?.(e);
  });
  socket.on('ticket:opened', (e) => {
    if (tracker.accept(e?.sseq) && e.ticket) sink.ticket?.(e);
  });
  socket.on('ticket:updated', (e) => {
    if (tracker.accept(e?.sseq) && e.ticket) sink.ticket?.(e);
  });
  socket.on('transit:ridership', (e) => {
    if (tracker.accept(e?.sseq) && Array.isArray(e.stops)) sink.ridership?.(e);
  });
  // Logged like incidents (its log id is its sseq) and replayed after a reconnect like them: gated
  // the same way, so a replay overlapping what arrived live shows no banner twice, and accepted even
  // by a sink that ignores it, so the resume point moves past it and it is not asked for again.
  socket.on('notification:received', (e) => {
    if (tracker.accept(e?.sseq) && typeof e.text === 'string' && typeof e.role === 'string') sink.notification?.(e);
  });
  socket.on('replay:done', (e) => {
    tracker.advanceTo(e?.sseq);
    sink.replayDone(e);
  });
}
