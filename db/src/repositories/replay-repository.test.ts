import { describe, expect, it } from 'vitest';
import type { Incident } from '@cityops/contracts';
import { deviceStatusEvent, incidentAsOf } from './replay-repository.ts';

const closed: Incident = {
  id: 7,
  kind: 'camera_offline',
  severity: 'major',
  state: 'closed',
  title: 'Camera mất kết nối',
  deviceId: 'CAM-1',
  area: 'A001',
  address: null,
  lat: 21.03,
  lon: 105.85,
  openedAt: '2026-03-01T01:00:00.000Z',
  acknowledgedAt: '2026-03-01T02:00:00.000Z',
  acknowledgedBy: 'dispatcher',
  resolvedAt: '2026-03-01T04:00:00.000Z',
  occurrences: 3,
  assignee: 'camera_maintenance',
  dispatchedAt: '2026-03-01T03:00:00.000Z',
  closedAt: '2026-03-01T05:00:00.000Z',
  ruleId: 'camera-offline',
  escalationLevel: 0,
  escalatedTo: null,
  nextEscalationAt: null,
};
const at = (iso: string) => new Date(iso);

describe('incidentAsOf: an incident older than the log, taken back to a replay time', () => {
  it('undoes the lifecycle steps stamped after that time', () => {
    expect(incidentAsOf(closed, at('2026-03-01T01:30:00Z'))).toMatchObject({
      state: 'open',
      acknowledgedAt: null,
      acknowledgedBy: null,
      assignee: null,
      dispatchedAt: null,
      resolvedAt: null,
      closedAt: null,
    });
    expect(incidentAsOf(closed, at('2026-03-01T02:30:00Z'))).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'dispatcher', assignee: null });
    expect(incidentAsOf(closed, at('2026-03-01T03:00:00Z'))).toMatchObject({ state: 'dispatched', assignee: 'camera_maintenance', resolvedAt: null });
  });

  it('is nothing before it opened or once it was resolved', () => {
    expect(incidentAsOf(closed, at('2026-03-01T00:59:59Z'))).toBeNull();
    expect(incidentAsOf(closed, at('2026-03-01T04:00:00Z'))).toBeNull();
  });
});

describe('deviceStatusEvent', () => {
  it('carries the status the device left, which replay rolls the registry back to', () => {
    const e = deviceStatusEvent({
      id: 'FA-1',
      kind: 'fire',
      status: 'alarm',
      previous: 'normal',
      lat: 21,
      lon: 105.8,
      area: null,
      at: at('2026-03-01T01:00:00Z'),
    });
    expect(e).toEqual({
      topic: 'device.status',
      payload: { id: 'FA-1', kind: 'fire', status: 'alarm', previous: 'normal', lat: 21, lon: 105.8, area: null, at: '2026-03-01T01:00:00.000Z' },
    });
  });
});
