import type { DeviceKind } from '@cityops/contracts';

/** One simulated device: what provisioning needs (`cityops device add`) plus hints for its behaviour. */
export interface DeviceSpec {
  /** Matches DEVICE_ID_PATTERN: 1–64 of A-Z a-z 0-9 _ -. */
  id: string;
  kind: DeviceKind;
  lat: number;
  lon: number;
  /** Area id (e.g. `A001`). */
  area: string;
  name: string;
  /** Building address of a fire panel or office (sample data). */
  address?: string;
  /** Transit readers: route served, e.g. `BRT01`, `01`, `M2A`. Derived from the id when missing. */
  routeId?: string;
  /** Transit readers: the bus carrying a reader; metro gates have none. */
  vehicleId?: string;
  /** Transit readers at a fixed gate: the station's stop id. */
  stopId?: string;
  /** Queue kiosks: counters the office opens at full staffing. */
  counters?: number;
}

/** A spec with the MQTT credentials the registry issued for it (username = device id). */
export interface ProvisionedDevice extends DeviceSpec {
  username: string;
  password: string;
}

export type FleetCounts = Partial<Record<DeviceKind, number>>;

/** The fleet `npm start` simulates: 2,926 devices. */
export const DEFAULT_FLEET_COUNTS: Readonly<Record<DeviceKind, number>> = { camera: 2000, fire: 500, transit: 300, queue: 126 };
