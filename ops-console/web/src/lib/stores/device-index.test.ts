import { describe, expect, it } from 'vitest';
import type { Device, DeviceStatusEvent } from '@cityops/contracts';
import { mixBucket } from '../map/cluster-grid.ts';
import { deviceFilter, initialLayerState, setArea, toggleLayer } from '../map/layer-state.ts';
import { statusColor } from '../map/status-color.ts';
import { DeviceIndex, toMapDevice } from './device-index.ts';

function device(id: string, status: Device['status'], over: Partial<Device> = {}): Device {
  return {
    id,
    kind: 'camera',
    name: `Cam ${id}`,
    lat: 21.03,
    lon: 105.85,
    area: 'Hoàn Kiếm',
    address: null,
    status,
    lastSeenAt: null,
    revoked: false,
    createdAt: '2025-01-01T00:00:00Z',
    ...over,
  };
}

function event(sseq: number, id: string, status: Device['status'], over: Partial<DeviceStatusEvent> = {}): DeviceStatusEvent {
  return { sseq, id, kind: 'camera', status, lat: 21.03, lon: 105.85, area: 'Hoàn Kiếm', at: '2025-01-01T00:00:01Z', ...over };
}

describe('DeviceIndex', () => {
  it('a provisioned device appears with its name; a revoked one leaves the map, the counts and the clusters', () => {
    const idx = new DeviceIndex();
    idx.loadSnapshot([device('a', 'online'), device('b', 'offline'), device('c', 'online', { kind: 'fire', lat: 21.05 })]);
    expect(idx.upsert(toMapDevice(device('n', 'unknown', { name: 'Camera cổng chợ', address: 'Chợ Đồng Xuân' })))).toBe('added');
    expect(idx.byId.get('n')).toMatchObject({ name: 'Camera cổng chợ', address: 'Chợ Đồng Xuân', status: 'unknown' });
    expect(idx.counts).toEqual({ online: 2, offline: 1, unknown: 1 });

    const before = idx.grid.version;
    expect(idx.remove('b')).toBe(true);
    expect(idx.has('b')).toBe(false);
    expect(idx.counts).toEqual({ online: 2, unknown: 1 });
    expect(idx.points().map((d) => d.id)).toEqual(['a', 'c', 'n']);
    // Slots are dense again: deck.gl's picking index and the buffers agree.
    expect(idx.points().map((_, slot) => idx.deviceAt(slot)?.id)).toEqual(['a', 'c', 'n']);
    expect(idx.buffers.attributes().length).toBe(3);
    expect(idx.kindCounts.camera).toEqual({ total: 2, shown: 2 });
    expect(idx.grid.version).not.toBe(before);
    expect(idx.remove('b')).toBe(false);
  });

  it('a snapshot requested before a revocation does not bring the device back; a status for a known device only renames it', () => {
    const idx = new DeviceIndex();
    idx.loadSnapshot([device('a', 'online'), device('b', 'online')]);
    idx.beginSnapshot();
    idx.remove('b');
    idx.loadSnapshot([device('a', 'online'), device('b', 'online')]);
    expect(idx.has('b')).toBe(false);
    expect(idx.upsert(toMapDevice(device('a', 'online', { name: 'Cam cổng chính' })))).toBe('none');
    expect(idx.byId.get('a')?.name).toBe('Cam cổng chính');
  });

  it('loads a snapshot, skips revoked devices and counts by status', () => {
    const idx = new DeviceIndex();
    idx.loadSnapshot([device('a', 'online'), device('b', 'online'), device('c', 'offline'), device('d', 'online', { revoked: true })]);
    expect(idx.size).toBe(3);
    expect(idx.counts).toEqual({ online: 2, offline: 1 });
    expect(idx.points().map((d) => d.id)).toEqual(['a', 'b', 'c']);
  });

  it('moves a count from the old status to the new one, in place', () => {
    const idx = new DeviceIndex();
    idx.loadSnapshot([device('a', 'online'), device('b', 'online')]);
    const points = idx.points();
    expect(idx.applyStatus(event(1, 'a', 'alarm'))).toBe('status');
    expect(idx.counts).toEqual({ online: 1, alarm: 1 });
    // Same array for deck.gl: the record was changed in place, the trigger does the rest.
    expect(idx.points()).toBe(points);
    expect(points[0]?.status).toBe('alarm');
  });

  it('reports a repeated status as no change', () => {
    const idx = new DeviceIndex();
    idx.loadSnapshot([device('a', 'online')]);
    expect(idx.applyStatus(event(1, 'a', 'online'))).toBe('none');
    expect(idx.counts).toEqual({ online: 1 });
  });

  it('adds a device it has not seen and hands deck.gl a new array', () => {
    const idx = new DeviceIndex();
    idx.loadSnapshot([device('a', 'online')]);
    const before = idx.points();
    expect(idx.applyStatus(event(1, 'new', 'degraded'))).toBe('added');
    const after = idx.points();
    expect(after).not.toBe(before);
    expect(after).toHaveLength(2);
    expect(idx.counts).toEqual({ online: 1, degraded: 1 });
  });

  it('reports a device that moved', () => {
    const idx = new DeviceIndex();
    idx.loadSnapshot([device('a', 'online')]);
    expect(idx.applyStatus(event(1, 'a', 'online', { lat: 21.1 }))).toBe('moved');
    expect(idx.points()[0]?.lat).toBe(21.1);
  });

  it('keeps live updates that arrived while the snapshot was in flight', () => {
    const idx = new DeviceIndex();
    idx.beginSnapshot();
    idx.applyStatus(event(5, 'a', 'alarm'));
    idx.applyStatus(event(6, 'only-live', 'online'));
    // The snapshot was read before event 5: it still says online.
    idx.loadSnapshot([device('a', 'online'), device('b', 'offline')]);
    expect(idx.byId.get('a')?.status).toBe('alarm');
    expect(idx.byId.has('only-live')).toBe(true);
    expect(idx.counts).toEqual({ alarm: 1, online: 1, offline: 1 });
  });

  it('drops devices a later snapshot no longer lists', () => {
    const idx = new DeviceIndex();
    idx.loadSnapshot([device('a', 'online'), device('b', 'online')]);
    idx.beginSnapshot();
    idx.loadSnapshot([device('a', 'online')]);
    expect([...idx.byId.keys()]).toEqual(['a']);
    expect(idx.counts).toEqual({ online: 1 });
  });

  it('handles 50,000 devices and a burst of updates quickly', () => {
    const idx = new DeviceIndex();
    const fleet = Array.from({ length: 50_000 }, (_, i) => device(`d${i}`, 'online'));
    idx.loadSnapshot(fleet);
    for (let i = 0; i < 50_000; i += 5) idx.applyStatus(event(i + 1, `d${i}`, 'offline'));
    expect(idx.counts).toEqual({ online: 40_000, offline: 10_000 });
    expect(idx.points()).toHaveLength(50_000);
  });

  it('writes status changes into the same typed arrays and the cluster grid, in place', () => {
    const idx = new DeviceIndex();
    idx.loadSnapshot([device('a', 'online'), device('b', 'online')]);
    const colors = idx.buffers.colors;
    const before = idx.buffers.attributes();
    idx.applyStatus(event(1, 'b', 'alarm'));
    const after = idx.buffers.attributes();
    expect(idx.buffers.colors).toBe(colors);
    expect([...colors.subarray(4, 8)]).toEqual(statusColor('alarm'));
    expect(after.attributes.getFillColor.value).toBe(before.attributes.getFillColor.value);
    expect(after.attributes.getPosition).toBe(before.attributes.getPosition);
    const [cluster] = idx.grid.clustersAt(8);
    expect(cluster?.mix[mixBucket('alarm')]).toBe(1);
    expect(cluster?.mix[mixBucket('online')]).toBe(1);
    expect(idx.deviceAt(1)?.id).toBe('b');
  });

  it('hides filtered-out devices (zero radius), leaves them out of clusters and counts what is shown', () => {
    const idx = new DeviceIndex();
    idx.loadSnapshot([device('c1', 'online'), device('f1', 'alarm', { kind: 'fire' }), device('c2', 'online', { area: 'Ba Đình' })]);
    idx.setFilter(deviceFilter(toggleLayer(initialLayerState(), 'camera')));
    const radii = idx.buffers.attributes().attributes.getRadius.value;
    expect([...radii.subarray(0, 3)]).toEqual([0, 2, 0]);
    expect(idx.kindCounts).toEqual({ camera: { total: 2, shown: 0 }, fire: { total: 1, shown: 1 } });
    expect(idx.grid.clustersAt(5).reduce((n, c) => n + c.count, 0)).toBe(1);
    // A hidden device changing status stays hidden and out of the clusters.
    idx.applyStatus(event(1, 'c1', 'offline'));
    expect(idx.buffers.radii[0]).toBe(0);
    expect(idx.grid.clustersAt(5).reduce((n, c) => n + c.count, 0)).toBe(1);

    idx.setFilter(deviceFilter(setArea(initialLayerState(), 'Ba Đình')));
    expect(idx.kindCounts.camera).toEqual({ total: 2, shown: 1 });
    expect(idx.areas()).toEqual(['Ba Đình', 'Hoàn Kiếm']);
  });
});
