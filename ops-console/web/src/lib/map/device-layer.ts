import { ScatterplotLayer } from '@deck.gl/layers';
import type { MapDevice } from '../stores/device-index.ts';
import { statusColor } from './status-color.ts';

export interface DeviceLayerUi {
  /** DeviceIndex.statusVersion: re-evaluates colours and sizes without a new data array. */
  statusVersion: number;
  /** DeviceIndex.positionVersion: re-evaluates positions. */
  positionVersion: number;
  /** Radius of an ordinary device in screen pixels. Default 3.5 (50,000 dots stay legible). */
  radiusPixels?: number;
  /** Default true. */
  visible?: boolean;
}

/** Statuses that need eyes on them are drawn larger than the quiet majority. */
const EMPHASIS: Record<string, number> = { alarm: 2, tampered: 1.6, fault: 1.6, overloaded: 1.4, degraded: 1.2 };

export function deviceRadiusScale(status: string): number {
  return EMPHASIS[status] ?? 1;
}

/**
 * All devices as one ScatterplotLayer. Records are changed in place by DeviceIndex, so updates
 * reach the GPU through `updateTriggers` — one attribute refresh per frame however many events.
 */
export function deviceLayer(devices: MapDevice[], ui: DeviceLayerUi): ScatterplotLayer<MapDevice> {
  const radius = ui.radiusPixels ?? 3.5;
  return new ScatterplotLayer<MapDevice>({
    id: 'devices',
    data: devices,
    visible: ui.visible ?? true,
    pickable: true,
    radiusUnits: 'pixels',
    stroked: false,
    filled: true,
    getPosition: (d) => [d.lon, d.lat],
    getFillColor: (d) => statusColor(d.status),
    getRadius: (d) => radius * deviceRadiusScale(d.status),
    updateTriggers: {
      getPosition: ui.positionVersion,
      getFillColor: ui.statusVersion,
      getRadius: [ui.statusVersion, radius],
    },
  });
}
