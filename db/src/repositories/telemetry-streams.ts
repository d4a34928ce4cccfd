/** The telemetry tables: which columns each kind of message fills, and how. */
import type { Telemetry } from '@cityops/contracts';

/** A validated message plus what the gateway knows of its device at ingest time. */
export type StoredTelemetry = Telemetry & { area: string | null };

export type ByKind<K extends Telemetry['kind']> = Extract<StoredTelemetry, { kind: K }>;

export interface StreamTable<K extends Telemetry['kind']> {
  table: string;
  /** Column name, Postgres array type, and how to read it from a message. */
  columns: readonly (readonly [string, string, (m: ByKind<K>) => unknown])[];
}

// `ts` travels as epoch milliseconds (float8) and becomes timestamptz in SQL: cheaper than
// serialising a Date per row (bench: ~20 % more rows/s); microsecond rounding keeps ms exact.
export const identity = [
  ['ts', 'float8[]', (m: StoredTelemetry) => m.tsMs],
  ['device_id', 'text[]', (m: StoredTelemetry) => m.deviceId],
  ['seq', 'int8[]', (m: StoredTelemetry) => m.seq],
  ['area', 'text[]', (m: StoredTelemetry) => m.area],
] as const;

export const STREAMS: { [K in Telemetry['kind']]: StreamTable<K> } = {
  camera: {
    table: 'camera_status',
    columns: [
      ...identity,
      ['status', 'text[]', (m) => m.payload.status],
      ['fps', 'float4[]', (m) => m.payload.fps ?? null],
      ['bitrate_kbps', 'float4[]', (m) => m.payload.bitrateKbps ?? null],
      ['recording', 'bool[]', (m) => m.payload.recording ?? null],
      ['storage_free_pct', 'float4[]', (m) => m.payload.storageFreePct ?? null],
    ],
  },
  fire: {
    table: 'fire_events',
    columns: [
      ...identity,
      ['event', 'text[]', (m) => m.payload.event],
      ['zone', 'text[]', (m) => m.payload.zone ?? null],
      ['detector', 'text[]', (m) => m.payload.detector ?? null],
      ['smoke_obscuration_pct', 'float4[]', (m) => m.payload.smokeObscurationPct ?? null],
      ['temperature_c', 'float4[]', (m) => m.payload.temperatureC ?? null],
    ],
  },
  transit: {
    table: 'transit_taps',
    columns: [
      ...identity,
      ['token', 'text[]', (m) => m.payload.token],
      ['result', 'text[]', (m) => m.payload.result],
      ['route_id', 'text[]', (m) => m.payload.routeId],
      ['stop_id', 'text[]', (m) => m.payload.stopId ?? null],
      ['vehicle_id', 'text[]', (m) => m.payload.vehicleId ?? null],
      ['fare_vnd', 'int4[]', (m) => m.payload.fareVnd ?? null],
      ['lat', 'float8[]', (m) => m.payload.lat ?? null],
      ['lon', 'float8[]', (m) => m.payload.lon ?? null],
    ],
  },
  queue: {
    table: 'queue_loads',
    columns: [
      ...identity,
      ['waiting', 'int4[]', (m) => m.payload.waiting],
      ['serving', 'int4[]', (m) => m.payload.serving],
      ['counters_open', 'int4[]', (m) => m.payload.countersOpen],
      ['avg_wait_sec', 'float4[]', (m) => m.payload.avgWaitSec],
      ['issued_today', 'int4[]', (m) => m.payload.issuedToday ?? null],
      ['served_today', 'int4[]', (m) => m.payload.servedToday ?? null],
      ['satisfaction_pct', 'float4[]', (m) => m.payload.satisfactionPct ?? null],
    ],
  },
};

/** One message's identity, as a map key. */
export function messageKey(deviceId: string, seq: number, tsMs: number): string {
  return `${deviceId}\u0000${seq}\u0000${tsMs}`;
}
