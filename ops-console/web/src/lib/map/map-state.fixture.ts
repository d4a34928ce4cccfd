import type { Ticket } from '@cityops/contracts';
import type { MapDevice } from '../stores/device-index.ts';
import type { Cluster } from './cluster-grid.ts';
import { emptyDeviceAttributes } from './device-buffers.ts';
import type { Hex } from './hex-bin.ts';
import { pulsingBySeverity } from './incident-pulse.ts';
import { incidentFixture } from './incident.fixture.ts';
import { initialLayerState } from './layer-state.ts';
import type { MapLayerState } from './layer-registry.ts';
import type { Office } from './queue-layer.ts';

/** One of each object the map draws, for unit tests; override what a test is about. */
export const cluster: Cluster = { lon: 105.85, lat: 21.03, count: 120, mix: [2, 0, 0, 0, 18, 100, 0], id: '9:1:1' };
export const office: Office = {
  id: 'Q1',
  name: 'UBND Phường Tràng Tiền',
  waiting: 12,
  serving: 3,
  countersOpen: 4,
  avgWaitSec: 1_260,
  at: '',
  lon: 105.85,
  lat: 21.02,
  area: null,
};
export const ticket: Ticket = {
  id: 7,
  line: '114',
  category: 'cháy',
  description: '',
  lat: 21.02,
  lon: 105.85,
  address: '5 Hàng Bài',
  state: 'in_progress',
  createdAt: '2025-06-01T10:00:00Z',
  updatedAt: '2025-06-01T10:00:00Z',
};
export const hex: Hex = { lon: 105.85, lat: 21.03, value: 40, points: 3, id: '0,0' };
export const device: MapDevice = {
  id: 'CAM-1',
  kind: 'camera',
  status: 'online',
  lat: 21.03,
  lon: 105.85,
  area: 'Ba Đình',
  name: 'Cổng',
  address: null,
  lastSeenAt: null,
};

/** Every layer switched on, live, zoomed in, with something in every collection. */
export function mapStateFixture(over: Partial<MapLayerState> = {}): MapLayerState {
  const incidents = [incidentFixture(1), incidentFixture(2, { severity: 'major' })];
  return {
    devices: emptyDeviceAttributes(),
    clustered: false,
    clusters: [cluster],
    incidents,
    pulseGroups: pulsingBySeverity(incidents),
    pulseTime: 0,
    offices: [office],
    tickets: [ticket],
    hexes: [hex],
    visible: initialLayerState().visible,
    liveFeeds: true,
    selectedId: null,
    ...over,
  };
}
