import type { EventLogEntry, StatusChange, StoredTelemetry } from '@cityops/db';
import { deviceStatusEvent } from '@cityops/db';

/**
 * Events other processes consume from the event log (alerting, the console's realtime bridge), for
 * the rows a batch stored for the first time. Payloads carry the contract's fields by name, never a
 * device's payload spread whole: fields a device adds are bounded at decode but belong to nobody
 * downstream.
 */
export function eventsFor(fresh: readonly StoredTelemetry[], changes: readonly StatusChange[]): EventLogEntry[] {
  const events: EventLogEntry[] = [];
  for (const m of fresh) {
    // Camera statuses are most messages and make no event of their own: no timestamp text for them.
    if (m.kind === 'camera') continue;
    const at = new Date(m.tsMs).toISOString();
    if (m.kind === 'fire' && m.payload.event !== 'heartbeat') {
      const { event, zone, detector, smokeObscurationPct, temperatureC } = m.payload;
      events.push({
        topic: 'fire.event',
        payload: { deviceId: m.deviceId, seq: m.seq, event, zone, detector, smokeObscurationPct, temperatureC, at, area: m.area },
      });
    } else if (m.kind === 'transit') {
      // Alerting's replay and rejection-rate detectors read every tap; the console ignores them.
      const { token, result, routeId, stopId, vehicleId } = m.payload;
      events.push({ topic: 'transit.tap', payload: { id: m.deviceId, token, result, routeId, stopId, vehicleId, area: m.area, at } });
    } else if (m.kind === 'queue') {
      const { waiting, serving, countersOpen, avgWaitSec, satisfactionPct } = m.payload;
      events.push({
        topic: 'queue.load',
        payload: { id: m.deviceId, waiting, serving, countersOpen, avgWaitSec, ...(satisfactionPct !== undefined ? { satisfactionPct } : {}), at },
      });
    }
  }
  for (const c of changes) events.push(deviceStatusEvent(c));
  return events;
}
