import { describe, expect, it } from 'vitest';
import { Compile } from 'typebox/compile';
import { decodeTelemetry, EVENT_LOG_SCHEMAS, telemetryTopic, type DeviceKind, type EventTopic } from '@cityops/contracts';
import type { StoredTelemetry } from '@cityops/db';
import { eventsFor } from './log-events.ts';

const NOW = Date.parse('2026-12-01T03:00:00Z');
const validators = Object.fromEntries(Object.entries(EVENT_LOG_SCHEMAS).map(([t, s]) => [t, Compile(s)])) as Record<EventTopic, ReturnType<typeof Compile>>;

function stored(kind: DeviceKind, id: string, body: Record<string, unknown>, area: string | null = 'A001'): StoredTelemetry {
  const r = decodeTelemetry(telemetryTopic(kind, id), Buffer.from(JSON.stringify({ ts: NOW, seq: 7, ...body })), NOW);
  if (!r.ok) throw new Error(r.detail);
  return { ...r.value, area } as StoredTelemetry;
}

describe("the gateway's event-log entries match the event log's schemas", () => {
  const fresh = [
    stored('fire', 'FA-1', { event: 'alarm', zone: 'Tầng 3', detector: 'smoke', smokeObscurationPct: 12.5, temperatureC: 61, firmware: { v: '2.1' } }),
    stored('fire', 'FA-2', { event: 'restore' }, null),
    stored('fire', 'FA-3', { event: 'heartbeat' }),
    stored('transit', 'QR-1', { token: 'qr-abc', result: 'rejected', routeId: '09', stopId: 'S12', vehicleId: '29B-123.45', fareVnd: 7000 }),
    stored('queue', 'MC-1', { waiting: 14, serving: 3, countersOpen: 4, avgWaitSec: 420, satisfactionPct: 88 }),
    stored('camera', 'CAM-1', { status: 'offline' }),
  ];
  const changes = [
    { id: 'CAM-1', kind: 'camera' as const, status: 'offline' as const, previous: 'online' as const, lat: 21.03, lon: 105.85, area: 'A001', at: new Date(NOW) },
  ];
  const events = eventsFor(fresh, changes);

  it('builds one entry per fire event (not heartbeats), tap, queue load and status change', () => {
    expect(events.map((e) => e.topic)).toEqual(['fire.event', 'fire.event', 'transit.tap', 'queue.load', 'device.status']);
  });

  it.each(events.map((e, i) => [i, e.topic, e] as const))('entry %i (%s) is valid for its topic', (_i, topic, e) => {
    const v = validators[topic];
    expect([...v.Errors(e.payload)].map((x) => `${x.instancePath} ${x.message}`)).toEqual([]);
  });

  it("carries the contract's fields by name and nothing a device added", () => {
    expect(events[0]!.payload).toEqual({
      deviceId: 'FA-1',
      seq: 7,
      event: 'alarm',
      zone: 'Tầng 3',
      detector: 'smoke',
      smokeObscurationPct: 12.5,
      temperatureC: 61,
      at: new Date(NOW).toISOString(),
      area: 'A001',
    });
  });
});
