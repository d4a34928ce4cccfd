import { describe, expect, it } from 'vitest';
import type { MapDevice } from '../stores/device-index.ts';
import { deviceLayer, deviceRadiusScale } from './device-layer.ts';
import { statusColor } from './status-color.ts';

const cam = (id: string, status: MapDevice['status']): MapDevice => ({
  id, kind: 'camera', status, lat: 21.03, lon: 105.85, area: null, name: null, address: null, lastSeenAt: null,
});

/** deck.gl types accessors as value-or-function; these tests know they are functions. */
const accessor = <T, R>(a: unknown) => a as (d: T) => R;

describe('deviceLayer', () => {
  it('draws devices in screen pixels at their position and status colour', () => {
    const layer = deviceLayer([cam('a', 'alarm')], { statusVersion: 1, positionVersion: 1 });
    const p = layer.props;
    expect(p.id).toBe('devices');
    expect(p.radiusUnits).toBe('pixels');
    expect(p.pickable).toBe(true);
    const d = cam('b', 'offline');
    const getPosition = accessor<MapDevice, number[]>(p.getPosition);
    const getFillColor = accessor<MapDevice, number[]>(p.getFillColor);
    expect(getPosition(d)).toEqual([105.85, 21.03]);
    expect(getFillColor(d)).toEqual(statusColor('offline'));
  });

  it('ties attribute refreshes to the index versions, not to the data array', () => {
    const data = [cam('a', 'online')];
    const layer = deviceLayer(data, { statusVersion: 7, positionVersion: 3 });
    expect(layer.props.data).toBe(data);
    expect(layer.props.updateTriggers).toMatchObject({ getFillColor: 7, getPosition: 3, getRadius: [7, 3.5] });
  });

  it('draws statuses that need attention larger', () => {
    expect(deviceRadiusScale('alarm')).toBeGreaterThan(deviceRadiusScale('degraded'));
    expect(deviceRadiusScale('degraded')).toBeGreaterThan(deviceRadiusScale('online'));
    const layer = deviceLayer([], { statusVersion: 0, positionVersion: 0, radiusPixels: 4, visible: false });
    const getRadius = accessor<MapDevice, number>(layer.props.getRadius);
    expect(getRadius(cam('a', 'alarm'))).toBe(8);
    expect(layer.props.visible).toBe(false);
  });
});
