import { ScatterplotLayer } from '@deck.gl/layers';
import type { Incident } from '@cityops/contracts';
import { severityColor, type Rgba } from './status-color.ts';

export interface IncidentLayerUi {
  /** The incident chosen in the panel, ringed more heavily. Default none. */
  selectedId?: number | null;
  /** Default true. */
  visible?: boolean;
}

/** The deck.gl id of the incident rings. */
export const INCIDENT_LAYER_ID = 'incidents';

/** An incident with a place on the map; the layers draw only these. */
export type LocatedIncident = Incident & { lat: number; lon: number };

const RADIUS: Record<string, number> = { critical: 18, major: 13, warning: 11, info: 9 };

export function incidentRadius(severity: string): number {
  return RADIUS[severity] ?? RADIUS.info!;
}

/** A taken incident is dimmed: someone is on it, so it should not compete with new ones. */
export function incidentLineColor(incident: Incident): Rgba {
  const [r, g, b] = severityColor(incident.severity);
  return [r, g, b, incident.state === 'open' ? 255 : 130];
}

export function hasPosition(incident: Incident): incident is LocatedIncident {
  return incident.lat !== null && incident.lon !== null && Number.isFinite(incident.lat) && Number.isFinite(incident.lon);
}

/**
 * Incidents as rings over the device dots. Rebuilt only when the incident list or selection
 * changes; hundreds of rings, so a fresh data array is cheap.
 */
export function incidentLayer(incidents: readonly Incident[], ui: IncidentLayerUi = {}): ScatterplotLayer<LocatedIncident> {
  const selectedId = ui.selectedId ?? null;
  return new ScatterplotLayer<LocatedIncident>({
    id: INCIDENT_LAYER_ID,
    data: incidents.filter(hasPosition),
    visible: ui.visible ?? true,
    pickable: true,
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    stroked: true,
    filled: true,
    getPosition: (i) => [i.lon, i.lat],
    getRadius: (i) => incidentRadius(i.severity) * (i.id === selectedId ? 1.4 : 1),
    getFillColor: (i) => {
      const [r, g, b] = severityColor(i.severity);
      return [r, g, b, i.state === 'open' ? 60 : 25];
    },
    getLineColor: incidentLineColor,
    getLineWidth: (i) => (i.id === selectedId ? 5 : i.severity === 'critical' ? 3 : 2),
    updateTriggers: { getRadius: selectedId, getLineWidth: selectedId },
  });
}
