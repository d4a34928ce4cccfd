import type { Incident } from '@cityops/contracts';

/** An open camera incident for planning tests; each test overrides what it is about. */
export const testIncident = (over: Partial<Incident> = {}): Incident => ({
  id: 42,
  kind: 'camera_offline',
  severity: 'warning',
  state: 'open',
  title: 'Camera CAM-0007 mất kết nối',
  deviceId: 'CAM-0007',
  area: 'ba-dinh',
  address: 'Ngã tư Kim Mã',
  lat: 21.03,
  lon: 105.82,
  openedAt: '2026-12-04T15:00:00.000Z',
  acknowledgedAt: null,
  acknowledgedBy: null,
  resolvedAt: null,
  occurrences: 1,
  assignee: null,
  dispatchedAt: null,
  closedAt: null,
  ruleId: 'camera-offline',
  escalationLevel: 0,
  escalatedTo: null,
  nextEscalationAt: null,
  ...over,
});
