import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { DeviceStatusEvent, IncidentEvent, KpiTickEvent } from '@cityops/contracts';
import { bindOpsEvents, type OpsEventSource, type OpsSink, type ReplayDone } from './ops-events.ts';
import { SseqTracker } from './sseq-tracker.ts';

function setup() {
  const socket = new EventEmitter();
  const tracker = new SseqTracker();
  const got: string[] = [];
  const sink: OpsSink = {
    deviceStatus: (e: DeviceStatusEvent) => got.push(`device ${e.sseq} ${e.status}`),
    incident: (e: IncidentEvent) => got.push(`incident ${e.sseq} ${e.incident.state}`),
    kpi: (e: KpiTickEvent) => got.push(`kpi ${e.sseq}`),
    replayDone: (e: ReplayDone) => got.push(`replay ${e.replayed} ${e.complete}`),
    deviceRegistry: (e) => got.push(`registry ${e.sseq} ${e.change} ${e.device.id}`),
  };
  bindOpsEvents(socket as unknown as OpsEventSource, tracker, sink);
  return { socket, tracker, got };
}

const status = (sseq: number, s: string) => ({ sseq, id: 'CAM-1', kind: 'camera', status: s, lat: 21, lon: 105, area: null, at: '2025-01-01T00:00:00Z' });
const incident = (sseq: number, state: string) => ({ sseq, incident: { id: 1, state } });

describe('bindOpsEvents', () => {
  it('applies each event once when a replay overlaps what arrived live', () => {
    const { socket, tracker, got } = setup();
    socket.emit('device:status', status(1, 'online'));
    socket.emit('incident:opened', incident(2, 'open'));
    // Reconnect with lastSseq 2: the server replays from 3, but a slow one may resend 2.
    socket.emit('incident:opened', incident(2, 'open'));
    socket.emit('device:status', status(3, 'offline'));
    socket.emit('incident:updated', incident(4, 'acknowledged'));
    socket.emit('replay:done', { sseq: 4, replayed: 2, complete: true });
    socket.emit('device:status', status(5, 'online'));
    expect(got).toEqual(['device 1 online', 'incident 2 open', 'device 3 offline', 'incident 4 acknowledged', 'replay 2 true', 'device 5 online']);
    expect(tracker.last).toBe(5);
  });

  it('applies registry changes in sseq order with the rest, once, and ignores one without a device', () => {
    const { socket, tracker, got } = setup();
    socket.emit('device:registry', { sseq: 1, change: 'added', device: { id: 'CAM-9' }, at: '2025-01-01T00:00:00Z' });
    socket.emit('device:status', status(2, 'online'));
    socket.emit('device:registry', { sseq: 1, change: 'added', device: { id: 'CAM-9' }, at: '2025-01-01T00:00:00Z' });
    socket.emit('device:registry', { sseq: 3, change: 'revoked' });
    socket.emit('device:registry', { sseq: 4, change: 'revoked', device: { id: 'CAM-9' }, at: '2025-01-01T00:00:02Z' });
    expect(got).toEqual(['registry 1 added CAM-9', 'device 2 online', 'registry 4 revoked CAM-9']);
    expect(tracker.last).toBe(4);
  });

  it('applies device:statusBatch items in order, each once, also where a batch overlaps single events or a replay', () => {
    const { socket, tracker, got } = setup();
    socket.emit('device:status', status(1, 'online'));
    socket.emit('device:statusBatch', { sseq: 3, items: [status(1, 'online'), status(2, 'offline'), status(3, 'degraded')] });
    socket.emit('incident:opened', incident(4, 'open'));
    // A replay after a reconnect resends part of the last batch: only 5 and 6 are new.
    socket.emit('device:statusBatch', { sseq: 6, items: [status(3, 'degraded'), status(5, 'alarm'), status(6, 'online')] });
    socket.emit('device:statusBatch', { sseq: 6, items: [status(6, 'online')] });
    expect(got).toEqual(['device 1 online', 'device 2 offline', 'device 3 degraded', 'incident 4 open', 'device 5 alarm', 'device 6 online']);
    expect(tracker.handshake()).toEqual({ lastSseq: 6 });
  });

  it('acknowledges every batch once applied, so the server sends the next', () => {
    const { socket, got } = setup();
    const acked: number[] = [];
    socket.emit('device:statusBatch', { sseq: 2, items: [status(1, 'online'), status(2, 'offline')] }, () => acked.push(got.length));
    socket.emit('device:statusBatch', { sseq: 2, items: [status(2, 'offline')] }, () => acked.push(got.length));
    socket.emit('device:statusBatch', null, () => acked.push(-1));
    expect(acked).toEqual([2, 2, -1]);
  });

  it('skips malformed batches and malformed items', () => {
    const { socket, got } = setup();
    socket.emit('device:statusBatch', null);
    socket.emit('device:statusBatch', { sseq: 2 });
    socket.emit('device:statusBatch', { sseq: 2, items: [null, { id: 'x' }, status(2, 'tampered')] });
    expect(got).toEqual(['device 2 tampered']);
  });

  it('applies every kpi:tick although it carries the sseq already applied (the server sends its latest)', () => {
    const { socket, got } = setup();
    socket.emit('replay:done', { sseq: 40, replayed: 0, complete: true });
    socket.emit('kpi:tick', { sseq: 40, at: '2026-11-21T02:00:00.000Z' });
    socket.emit('kpi:tick', { sseq: 40, at: '2026-11-21T02:00:05.000Z' });
    expect(got).toEqual(['replay 0 true', 'kpi 40', 'kpi 40']);
  });

  it('does not let a kpi:tick move the resume point past events not yet applied', () => {
    const { socket, tracker, got } = setup();
    socket.emit('kpi:tick', { sseq: 9, at: '2026-11-21T02:00:00.000Z' });
    expect(tracker.handshake()).toEqual({});
    socket.emit('device:status', status(8, 'alarm'));
    expect(got).toEqual(['kpi 9', 'device 8 alarm']);
  });

  it('takes the server latest from replay:done so the next reconnect resumes there', () => {
    const { socket, tracker } = setup();
    socket.emit('replay:done', { sseq: 120, replayed: 0, complete: true });
    expect(tracker.handshake()).toEqual({ lastSseq: 120 });
    socket.emit('device:status', status(100, 'alarm'));
    expect(tracker.last).toBe(120);
  });

  it('ignores malformed events instead of throwing', () => {
    const { socket, got } = setup();
    socket.emit('incident:opened', { sseq: 1 });
    socket.emit('device:status', null);
    socket.emit('kpi:tick', null);
    socket.emit('kpi:tick', { sseq: 3 });
    expect(got).toEqual([]);
  });

  it('passes queue loads, tickets and ridership to the map overlays, once each', () => {
    const socket = new EventEmitter();
    const tracker = new SseqTracker();
    const got: string[] = [];
    const sink: OpsSink = {
      deviceStatus: () => undefined,
      incident: () => undefined,
      kpi: () => undefined,
      replayDone: () => undefined,
      queueLoad: (e) => got.push(`queue ${e.sseq} ${e.waiting}`),
      ticket: (e) => got.push(`ticket ${e.sseq} ${e.ticket.state}`),
      ridership: (e) => got.push(`ridership ${e.sseq} ${e.stops.length}`),
    };
    bindOpsEvents(socket as unknown as OpsEventSource, tracker, sink);
    socket.emit('queue:load', { sseq: 1, id: 'Q1', waiting: 4 });
    socket.emit('queue:load', { sseq: 1, id: 'Q1', waiting: 4 });
    socket.emit('ticket:opened', { sseq: 2, ticket: { id: 1, state: 'received' } });
    socket.emit('ticket:updated', { sseq: 3, ticket: { id: 1, state: 'in_progress' } });
    socket.emit('transit:ridership', { sseq: 4, stops: [{}, {}] });
    socket.emit('transit:ridership', { sseq: 5 });
    expect(got).toEqual(['queue 1 4', 'ticket 2 received', 'ticket 3 in_progress', 'ridership 4 2']);
  });

  it('shows each console notification once, in sseq order with the rest, and resumes after it', () => {
    const socket = new EventEmitter();
    const tracker = new SseqTracker();
    const got: string[] = [];
    const sink: OpsSink = {
      deviceStatus: () => undefined,
      incident: (e) => got.push(`incident ${e.sseq}`),
      kpi: () => undefined,
      replayDone: (e) => got.push(`replay ${e.replayed}`),
      notification: (e) => got.push(`notification ${e.sseq} ${e.role} ${e.incidentId}`),
    };
    bindOpsEvents(socket as unknown as OpsEventSource, tracker, sink);
    const note = (sseq: number) => ({
      sseq,
      role: 'supervisor',
      reason: 'opened',
      text: 'Báo cháy',
      link: '/?incident=1',
      incidentId: 1,
      contactPoint: 'b',
      at: '2025-01-01T00:00:00Z',
    });
    socket.emit('incident:opened', incident(1, 'open'));
    socket.emit('notification:received', note(2));
    expect(tracker.handshake()).toEqual({ lastSseq: 2 });
    // Reconnect with lastSseq 2; a slow server resends 1 and 2, then what is new.
    socket.emit('incident:opened', incident(1, 'open'));
    socket.emit('notification:received', note(2));
    socket.emit('incident:updated', incident(3, 'acknowledged'));
    socket.emit('notification:received', note(4));
    socket.emit('replay:done', { sseq: 4, replayed: 2, complete: true });
    expect(got).toEqual(['incident 1', 'notification 2 supervisor 1', 'incident 3', 'notification 4 supervisor 1', 'replay 2']);
    expect(tracker.last).toBe(4);
  });

  it('moves past a notification a sink does not show, and past a malformed one, without losing what follows', () => {
    const { socket, tracker, got } = setup();
    socket.emit('notification:received', { sseq: 1, role: 'admin', reason: 'opened', text: 'x', link: '', incidentId: null, contactPoint: 'c', at: '' });
    socket.emit('notification:received', { sseq: 2 });
    socket.emit('notification:received', null);
    expect(tracker.handshake()).toEqual({ lastSseq: 2 });
    socket.emit('device:status', status(3, 'alarm'));
    expect(got).toEqual(['device 3 alarm']);
  });
});
