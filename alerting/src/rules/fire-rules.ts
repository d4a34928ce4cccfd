import type { IncidentSignal } from '@cityops/db';

/** A fire-panel event as the gateway logs it (event_log topic `fire.event`). */
export interface FireEventRecord {
  deviceId: string;
  seq: number;
  at: string;
  area: string | null;
  event: 'alarm' | 'fault' | 'supervisory' | 'restore' | 'test' | 'heartbeat';
  zone?: string;
  detector?: string;
  smokeObscurationPct?: number;
  temperatureC?: number;
}

/** What the registry knows of the panel's building. */
export interface PanelContext {
  name: string | null;
  address: string | null;
  area: string | null;
  lat: number;
  lon: number;
}

/**
 * Pure rule: a fire `alarm` opens a critical incident at once with the panel's address; a
 * `fault`/`supervisory` a warning. One live incident per panel and kind (dedup key), so a panel
 * that keeps sending alarms — or resends one — adds occurrences instead of new incidents.
 */
export function fireSignal(e: FireEventRecord, panel: PanelContext | null): IncidentSignal | null {
  const place = panel?.address ?? panel?.name ?? e.deviceId;
  const where = { deviceId: e.deviceId, area: panel?.area ?? e.area, address: panel?.address ?? null, lat: panel?.lat ?? null, lon: panel?.lon ?? null };
  const data = { seq: e.seq, event: e.event, zone: e.zone, detector: e.detector, smokeObscurationPct: e.smokeObscurationPct, temperatureC: e.temperatureC };
  switch (e.event) {
    case 'alarm':
      return {
        kind: 'fire_alarm', severity: 'critical', dedupKey: `fire_alarm:${e.deviceId}`,
        title: `Báo cháy — ${place}${e.zone ? ` (${e.zone})` : ''}`, at: new Date(e.at), data, ...where,
      };
    case 'fault':
    case 'supervisory':
      return {
        kind: 'fire_fault', severity: 'warning', dedupKey: `fire_fault:${e.deviceId}`,
        title: `Sự cố tủ báo cháy — ${place}`, at: new Date(e.at), data, ...where,
      };
    default:
      return null;
  }
}
