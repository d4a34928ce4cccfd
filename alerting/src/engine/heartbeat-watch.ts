import type { DeviceKind } from '@cityops/contracts';
import { resolveParams, type Rule } from './rule.ts';
import type { HeartbeatObservation } from './observation.ts';

/** A device as the registry knows it (`devices.last_seen_at`): heartbeats are not in the event log. */
export interface LastSeen {
  id: string;
  kind: DeviceKind;
  area: string | null;
  lat?: number | null;
  lon?: number | null;
  name?: string | null;
  address?: string | null;
  /** Epoch ms of the last message of any kind, or null if never heard from. */
  lastSeenAt: number | null;
}

export interface SilentDevice {
  device: LastSeen;
  silentForMs: number;
  /** When the rule fires for it: last seen + expected interval + grace (the rule's forDurationMs). */
  deadlineAt: number;
}

export interface HeartbeatWatch {
  /** Devices of the rule's kind that missed their expected interval (pending or past their deadline). */
  silent: SilentDevice[];
  /** The earliest future moment a device of this kind turns silent or reaches its deadline: schedule a tick then. */
  nextCheckAt: number | null;
}

export function heartbeatObservation(d: LastSeen): HeartbeatObservation {
  return {
    type: 'heartbeat',
    id: d.id,
    kind: d.kind,
    area: d.area,
    lat: d.lat ?? null,
    lon: d.lon ?? null,
    name: d.name ?? null,
    address: d.address ?? null,
    lastSeenAt: d.lastSeenAt,
  };
}

/**
 * Which devices went silent, given their last-seen times and the clock. Pure: the wiring reads
 * `last_seen_at` and passes it in. Devices never heard from are skipped (no data, not silence).
 */
export function watchHeartbeats(rule: Rule<'heartbeat'>, devices: Iterable<LastSeen>, now: number): HeartbeatWatch {
  const silent: SilentDevice[] = [];
  let nextCheckAt: number | null = null;
  const later = (t: number) => {
    if (t > now && (nextCheckAt === null || t < nextCheckAt)) nextCheckAt = t;
  };
  for (const d of devices) {
    if (d.kind !== rule.deviceKind || typeof d.lastSeenAt !== 'number' || !Number.isFinite(d.lastSeenAt)) continue;
    const p = resolveParams(rule, d.id, d.area);
    if (!p.enabled) continue;
    const silentAt = d.lastSeenAt + p.expectedIntervalMs;
    const deadlineAt = silentAt + p.forDurationMs;
    if (now > silentAt) silent.push({ device: d, silentForMs: now - d.lastSeenAt, deadlineAt });
    // Strictly after the interval: a beat due at exactly 30 s is not yet missed.
    later(silentAt + 1);
    later(deadlineAt);
  }
  return { silent, nextCheckAt };
}
