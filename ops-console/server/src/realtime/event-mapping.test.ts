import { describe, expect, it } from 'vitest';
import { Compile } from 'typebox/compile';
import { EVENT_LOG_SCHEMAS, OPS_EVENT_SCHEMAS, type EventLogEntry } from '@cityops/contracts';
import { deviceRegistryEvent, deviceStatusEvent, type LoggedEvent } from '@cityops/db';
import { buildMessage, consoleNotificationEvent } from '@cityops/notifications';
import { EVENT_FOR_TOPIC, toOpsEvent } from './event-mapping.ts';

const at = '2026-12-01T03:00:00.000Z';
const device = {
  id: 'FA-1',
  kind: 'fire' as const,
  name: 'Tủ báo cháy',
  lat: 21.03,
  lon: 105.85,
  area: 'A001',
  address: 'Số 1',
  status: 'normal' as const,
  lastSeenAt: null,
  revoked: false,
  createdAt: at,
  buildingId: null,
};
const incident = {
  id: 4,
  kind: 'fire_alarm',
  severity: 'critical',
  state: 'open',
  title: 'Báo cháy',
  deviceId: 'FA-1',
  area: 'A001',
  address: 'Số 1',
  lat: 21.03,
  lon: 105.85,
  openedAt: at,
  acknowledgedAt: null,
  acknowledgedBy: null,
  resolvedAt: null,
  occurrences: 1,
  assignee: null,
  dispatchedAt: null,
  closedAt: null,
  ruleId: 'fire-alarm',
  escalationLevel: 0,
  escalatedTo: null,
  nextEscalationAt: null,
};
const ticket = {
  id: 9,
  line: '1022',
  category: 'infrastructure',
  description: 'Ổ gà',
  state: 'received',
  lat: 21.03,
  lon: 105.85,
  address: null,
  area: null,
  createdAt: at,
  updatedAt: at,
  deadlines: [],
  transferredFrom: null,
  lineSince: at,
  source: 'phone',
  mediaUrl: null,
};

/** One entry of each streamed topic, built by the same code the writers use where there is such code. */
const entries: EventLogEntry[] = [
  deviceStatusEvent({ id: 'CAM-1', kind: 'camera', status: 'offline', previous: 'online', lat: 21, lon: 105.8, area: null, at: new Date(at) }),
  deviceRegistryEvent(device, 'added', new Date(at)),
  { topic: 'queue.load', payload: { id: 'MC-1', waiting: 3, serving: 1, countersOpen: 2, avgWaitSec: 90, at } },
  { topic: 'incident.opened', payload: { incident } } as EventLogEntry,
  { topic: 'incident.updated', payload: { incident } } as EventLogEntry,
  { topic: 'ticket.opened', payload: { ticket } } as EventLogEntry,
  { topic: 'ticket.updated', payload: { ticket } } as EventLogEntry,
  { topic: 'transit.ridership', payload: { bucket: at, bucketSeconds: 300, stops: [{ routeId: '09', stopId: 'S1', lat: 21, lon: 105.8, taps: 40 }] } },
  consoleNotificationEvent(
    'bang-dieu-khien',
    'supervisor',
    buildMessage({
      key: 'incident:4:escalated-1:cp2',
      reason: 'escalated',
      incident: incident as never,
      at: new Date(at),
      publicUrl: 'https://ioc.example',
      escalation: { level: 1, role: 'supervisor' },
    }),
    new Date(at),
  ),
];

describe('streamed topics: the logged payload plus its sseq is the Socket.IO event', () => {
  it('covers every streamed topic', () => {
    expect(entries.map((e) => e.topic).sort()).toEqual(Object.keys(EVENT_FOR_TOPIC).sort());
  });

  it.each(entries.map((e) => [e.topic, e] as const))('%s', (topic, e) => {
    const logged = Compile(EVENT_LOG_SCHEMAS[topic]);
    expect([...logged.Errors(e.payload)].map((x) => `${x.instancePath} ${x.message}`)).toEqual([]);
    const out = toOpsEvent({ id: 42, at: new Date(at), ...e } as LoggedEvent);
    expect(out?.name).toBe(EVENT_FOR_TOPIC[topic as keyof typeof EVENT_FOR_TOPIC]);
    const streamed = Compile(OPS_EVENT_SCHEMAS[out!.name]);
    expect([...streamed.Errors(out!.body)].map((x) => `${x.instancePath} ${x.message}`)).toEqual([]);
    expect(out!.body.sseq).toBe(42);
  });

  it('streams nothing of the topics only services read', () => {
    expect(toOpsEvent({ id: 1, at: new Date(at), topic: 'transit.tap', payload: { id: 'QR-1', token: 't', result: 'accepted', routeId: '1', at } })).toBeNull();
    expect(toOpsEvent({ id: 2, at: new Date(at), topic: 'alerting.config', payload: { what: 'rule.updated', id: 'fire-alarm', by: 'supervisor' } })).toBeNull();
  });
});
