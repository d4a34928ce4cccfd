import { describe, expect, it } from 'vitest';
import { DeviceBuffers } from './device-buffers.ts';
import { deviceLayer } from './device-layer.ts';

describe('deviceLayer', () => {
  it('draws the binary buffers in screen pixels, pickable by slot', () => {
    const b = new DeviceBuffers();
    b.resize(1);
    b.setPosition(0, 105.85, 21.03);
    b.setStatus(0, 'alarm', true);
    const data = b.attributes();
    const layer = deviceLayer(data, { radiusPixels: 4 });
    expect(layer.props.id).toBe('devices');
    expect(layer.props.data).toBe(data);
    expect(layer.props.radiusUnits).toBe('pixels');
    expect(layer.props.radiusScale).toBe(4);
    expect(layer.props.pickable).toBe(true);
    expect(layer.props.visible).toBe(true);
  });

  it('hides without touching the data (the cluster view)', () => {
    const data = new DeviceBuffers().attributes();
    expect(deviceLayer(data, { visible: false }).props.visible).toBe(false);
    expect(deviceLayer(data).props.radiusScale).toBe(3.5);
  });
});
