import { resolveParams, type AnyRule, type Rule } from './rule.ts';
import type { AreaCamerasObservation } from './observation.ts';
import type { EngineSignal } from './signal.ts';
import type { AlertState } from './state.ts';

/** A camera that is down now, and since when (its offline or silence alert's `activeSince`). */
export interface CameraDown {
  id: string;
  area: string | null;
  downSince: number;
}

/**
 * Cameras down now according to the per-camera alerts the area rule suppresses (reported offline,
 * silent past their heartbeat), pending or firing. Counting pending ones is what lets an outage
 * open before any per-camera incident: they wait their group time (CAMERA_GROUP_WAIT_MS, grace).
 */
export function downCameras(rule: Rule<'area-outage'>, rules: readonly AnyRule[], states: Iterable<AlertState>): CameraDown[] {
  const kinds = new Set<string>(rule.params.suppresses);
  const watched = new Set(rules.filter((r) => r.deviceKind === 'camera' && kinds.has(r.incidentKind)).map((r) => r.id));
  const down = new Map<string, CameraDown>();
  for (const s of states) {
    if (!watched.has(s.ruleId) || (s.state !== 'pending' && s.state !== 'firing') || s.activeSince === null) continue;
    const area = s.last && 'area' in s.last && typeof s.last.area === 'string' ? s.last.area : null;
    const seen = down.get(s.subject);
    if (!seen || s.activeSince < seen.downSince) down.set(s.subject, { id: s.subject, area, downSince: s.activeSince });
  }
  return [...down.values()];
}

/** Cameras per area from the registry: the denominator of "30 % of an area's cameras". */
export function countCameras(devices: Iterable<{ kind: string; area: string | null }>): Map<string, number> {
  const totals = new Map<string, number>();
  for (const d of devices) if (d.kind === 'camera' && d.area) totals.set(d.area, (totals.get(d.area) ?? 0) + 1);
  return totals;
}

/** The most down-since times that fit in one window of `windowMs`: how many fell "together". */
export function largestBurst(times: readonly number[], windowMs: number): number {
  const sorted = times.filter(Number.isFinite).sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while (sorted[hi]! - sorted[lo]! > windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

/**
 * Groups down cameras by area into one observation per area for the area-outage rule. Areas in
 * `alsoAreas` (those with a live outage) are reported even with nothing down, so they can recover.
 * `totals` is the number of cameras per area from the registry.
 */
export function detectAreaOutages(
  rule: Rule<'area-outage'>,
  totals: ReadonlyMap<string, number>,
  down: Iterable<CameraDown>,
  now: number,
  alsoAreas: Iterable<string> = [],
): AreaCamerasObservation[] {
  const byArea = new Map<string, CameraDown[]>();
  for (const c of down) {
    if (c.area === null) continue;
    const list = byArea.get(c.area) ?? [];
    list.push(c);
    byArea.set(c.area, list);
  }
  for (const a of alsoAreas) if (!byArea.has(a)) byArea.set(a, []);
  const out: AreaCamerasObservation[] = [];
  for (const [area, cams] of byArea) {
    const { windowMs } = resolveParams(rule, null, area);
    // An area missing from the registry counts only the cameras we know are down.
    const total = Math.max(totals.get(area) ?? 0, cams.length);
    out.push({
      type: 'area.cameras',
      area,
      total,
      at: now,
      downIds: cams.map((c) => c.id).sort(),
      burst: largestBurst(
        cams.map((c) => c.downSince),
        windowMs,
      ),
    });
  }
  return out;
}

/**
 * The suppression test for `evaluate`: a signal of a suppressed kind in an area whose outage is
 * firing or recovering is held back under the outage's dedup key (Alertmanager's inhibition).
 */
export function areaSuppressor(rule: Rule<'area-outage'>, areaStates: Iterable<AlertState>): (signal: EngineSignal) => string | null {
  const live = new Set<string>();
  for (const s of areaStates) {
    if (s.ruleId === rule.id && (s.state === 'firing' || s.state === 'recovering')) live.add(s.subject);
  }
  const kinds = new Set<string>(rule.params.suppresses);
  return (signal) => (typeof signal.area === 'string' && live.has(signal.area) && kinds.has(signal.kind) ? `${rule.incidentKind}:${signal.area}` : null);
}
