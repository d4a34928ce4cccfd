import type { CreateIncidentRequest, IncidentKind, Severity } from '@cityops/contracts';
import { parseCoordinate } from '../desk/ticket-intake.ts';

/** The new-incident form as typed. */
export interface NewIncidentFields {
  kind: IncidentKind;
  severity: Severity;
  title: string;
  lat: string;
  lon: string;
  address: string;
  ticketId: string;
  deviceId: string;
  note: string;
}

export type NewIncidentProblem = 'title' | 'point' | 'ticket' | 'device';

/**
 * The request to send, or what is wrong. A place is optional (a linked ticket or device gives one),
 * but coordinates come both or neither.
 */
export function newIncidentRequest(f: NewIncidentFields): { ok: true; request: CreateIncidentRequest } | { ok: false; problems: NewIncidentProblem[] } {
  const problems: NewIncidentProblem[] = [];
  if (!f.title.trim()) problems.push('title');
  const latText = f.lat.trim();
  const lonText = f.lon.trim();
  const lat = latText ? parseCoordinate(latText, -90, 90) : null;
  const lon = lonText ? parseCoordinate(lonText, -180, 180) : null;
  const point = lat !== null && lon !== null ? { lat, lon } : null;
  if ((latText || lonText) && !point) problems.push('point');
  const ticketText = f.ticketId.trim().replace(/^#/, '');
  if (ticketText && !/^[1-9]\d{0,14}$/.test(ticketText)) problems.push('ticket');
  const device = f.deviceId.trim();
  if (device && !/^[A-Za-z0-9_-]{1,64}$/.test(device)) problems.push('device');
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    request: {
      kind: f.kind,
      severity: f.severity,
      title: f.title.trim(),
      ...(point ?? {}),
      ...(f.address.trim() ? { address: f.address.trim() } : {}),
      ...(ticketText ? { ticketId: Number(ticketText) } : {}),
      ...(device ? { deviceId: device } : {}),
      ...(f.note.trim() ? { note: f.note.trim() } : {}),
    },
  };
}
