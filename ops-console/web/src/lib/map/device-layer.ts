import { ScatterplotLayer } from '@deck.gl/layers';
import type { DeviceAttributes } from './device-buffers.ts';

/** The deck.gl id of the device dots; picking reports it with a slot, not an object. */
export const DEVICE_LAYER_ID = 'devices';

export interface DeviceLayerUi {
  /** Radius of an ordinary device in screen pixels (a uniform: changing it touches no array). Default 3.5. */
  radiusPixels?: number;
  /** Default true. */
  visible?: boolean;
}

/**
 * All devices as one ScatterplotLayer over binary attributes (DeviceBuffers): positions, status
 * colours and radius multipliers live in typed arrays written in place, so an update reaches the GPU
 * as one buffer upload per frame, with no accessor run over 50,000 objects. Picking reports the slot
 * (`info.index`); DevicesManager.deviceAt turns it back into a device.
 */
export function deviceLayer(data: DeviceAttributes, ui: DeviceLayerUi = {}): ScatterplotLayer {
  return new ScatterplotLayer({
    id: DEVICE_LAYER_ID,
    data,
    visible: ui.visible ?? true,
    pickable: true,
    radiusUnits: 'pixels',
    radiusScale: ui.radiusPixels ?? 3.5,
    stroked: false,
    filled: true,
  });
}
