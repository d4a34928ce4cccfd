import { ScatterplotLayer } from '@deck.gl/layers';
import type { Incident } from '@cityops/contracts';
import { hasPosition, incidentRadius, type LocatedIncident } from './incident-layer.ts';
import { severityColor } from './status-color.ts';

/** Each severity's rings are a layer `incident-pulse-<severity>`; none is picked. */
export const INCIDENT_PULSE_LAYER_ID = 'incident-pulse';

/** One pulse every this many ms; the more severe, the faster. Info incidents do not pulse. */
export const PULSE_PERIOD_MS: Readonly<Record<string, number>> = { critical: 1200, major: 2000, warning: 3200 };
/** A pulse grows the ring to this many times its radius while fading out. */
const PULSE_SPREAD = 1.6;

/** 0 → 1 over each period. */
export function pulsePhase(timeMs: number, periodMs: number): number {
  return (((timeMs % periodMs) + periodMs) % periodMs) / periodMs;
}

/** `radiusScale` and `opacity` of a pulse ring at `timeMs`: both uniforms, so no attribute is rebuilt. */
export function pulseUniforms(timeMs: number, periodMs: number): { radiusScale: number; opacity: number } {
  const p = pulsePhase(timeMs, periodMs);
  return { radiusScale: 1 + p * PULSE_SPREAD, opacity: 0.9 * (1 - p) };
}

/** Open, located incidents by pulsing severity. Computed when the list changes, not per frame. */
export function pulsingBySeverity(incidents: readonly Incident[]): Map<string, LocatedIncident[]> {
  const out = new Map<string, LocatedIncident[]>();
  for (const i of incidents) {
    if (i.state !== 'open' || !hasPosition(i) || !(i.severity in PULSE_PERIOD_MS)) continue;
    let list = out.get(i.severity);
    if (!list) out.set(i.severity, (list = []));
    list.push(i);
  }
  return out;
}

/**
 * Expanding, fading rings around open incidents: one layer per severity whose data and accessors stay
 * the same between frames; only the two uniforms follow the clock, so a pulse costs a redraw and
 * nothing else.
 */
export function incidentPulseLayers(groups: ReadonlyMap<string, LocatedIncident[]>, timeMs: number, visible = true): ScatterplotLayer<LocatedIncident>[] {
  return [...groups].map(([severity, data]) => {
    const [r, g, b] = severityColor(severity);
    return new ScatterplotLayer<LocatedIncident>({
      id: `${INCIDENT_PULSE_LAYER_ID}-${severity}`,
      data,
      visible,
      pickable: false,
      radiusUnits: 'pixels',
      lineWidthUnits: 'pixels',
      stroked: true,
      filled: false,
      getPosition: (i) => [i.lon, i.lat],
      getRadius: incidentRadius(severity),
      getLineColor: [r, g, b, 255],
      getLineWidth: 3,
      ...pulseUniforms(timeMs, PULSE_PERIOD_MS[severity]!),
    });
  });
}
