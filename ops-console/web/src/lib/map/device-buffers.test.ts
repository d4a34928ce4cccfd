import { describe, expect, it } from 'vitest';
import { DeviceBuffers, deviceRadiusScale } from './device-buffers.ts';
import { statusColor } from './status-color.ts';

describe('DeviceBuffers', () => {
  it('writes a device into its slot: position, status colour, emphasis', () => {
    const b = new DeviceBuffers();
    b.resize(2);
    b.setPosition(1, 105.85, 21.03);
    b.setStatus(1, 'alarm', true);
    const d = b.attributes();
    expect(d.length).toBe(2);
    expect([...d.attributes.getPosition.value.subarray(2, 4)]).toEqual([105.85, 21.03]);
    expect([...d.attributes.getFillColor.value.subarray(4, 8)]).toEqual(statusColor('alarm'));
    expect(d.attributes.getRadius.value[1]).toBe(deviceRadiusScale('alarm'));
    expect(d.attributes.getFillColor.normalized).toBe(true);
  });

  it('updates in place and hands deck.gl a new descriptor only for what changed', () => {
    const b = new DeviceBuffers();
    b.resize(3);
    for (let i = 0; i < 3; i++) {
      b.setPosition(i, 105 + i, 21);
      b.setStatus(i, 'online', true);
    }
    const first = b.attributes();
    // Nothing changed: the very same object, so deck.gl does nothing at all.
    expect(b.attributes()).toBe(first);

    b.setStatus(2, 'offline', true);
    const second = b.attributes();
    expect(second).not.toBe(first);
    // Same typed array (written in place) in a fresh descriptor: deck.gl re-uploads colours only.
    expect(second.attributes.getFillColor).not.toBe(first.attributes.getFillColor);
    expect(second.attributes.getFillColor.value).toBe(first.attributes.getFillColor.value);
    expect(second.attributes.getPosition).toBe(first.attributes.getPosition);
    expect(second.attributes.getRadius).toBe(first.attributes.getRadius);
  });

  it('hides a device by a zero radius, and shows it again at its status emphasis', () => {
    const b = new DeviceBuffers();
    b.resize(1);
    b.setStatus(0, 'degraded', true);
    b.attributes();
    b.setShown(0, 'degraded', false);
    const hidden = b.attributes();
    expect(hidden.attributes.getRadius.value[0]).toBe(0);
    b.setShown(0, 'degraded', false);
    expect(b.attributes()).toBe(hidden);
    b.setShown(0, 'degraded', true);
    expect(b.attributes().attributes.getRadius.value[0]).toBeCloseTo(1.2);
  });

  it('grows by doubling and keeps what it held', () => {
    const b = new DeviceBuffers();
    b.resize(1024);
    b.setPosition(1023, 1, 2);
    const before = b.positions;
    b.resize(1025);
    expect(b.positions).not.toBe(before);
    expect(b.positions.length).toBe(2048 * 2);
    expect([...b.positions.subarray(2046, 2048)]).toEqual([1, 2]);
  });

  it('draws statuses that need attention larger', () => {
    expect(deviceRadiusScale('alarm')).toBeGreaterThan(deviceRadiusScale('degraded'));
    expect(deviceRadiusScale('degraded')).toBeGreaterThan(deviceRadiusScale('online'));
  });
});
