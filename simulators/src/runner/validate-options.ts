import { DEVICE_ID_PATTERN, isDeviceKind } from '@cityops/contracts';
import type { ProvisionedDevice } from '../fleet/device-spec.ts';

export interface RunLimits {
  rate: number;
  durationSec: number | undefined;
  connectBatchSize: number;
}

/** Past this a simulator is a load generator; bench/ is the place for that. */
export const MAX_RATE = 1000;

/** One problem with a device entry, or undefined. Shared with the CLI's fleet-file check. */
export function deviceProblem(d: unknown, at: string): string | undefined {
  if (typeof d !== 'object' || d === null) return `${at} must be an object`;
  const { id, kind, lat, lon, username, password } = d as Partial<ProvisionedDevice>;
  if (typeof id !== 'string' || !DEVICE_ID_PATTERN.test(id)) return `${at}.id must be 1-64 of A-Z a-z 0-9 _ -`;
  if (!isDeviceKind(kind)) return `${at}.kind must be camera, fire, transit or queue (device ${id})`;
  if (typeof lat !== 'number' || typeof lon !== 'number') return `${at}.lat and .lon must be numbers (device ${id})`;
  if (typeof username !== 'string' || typeof password !== 'string') return `${at} needs string username and password (device ${id})`;
  return undefined;
}

/** Checked before anything connects; throws a RangeError naming the first problem. */
export function validateRunOptions(o: {
  mqttUrl: string;
  devices: readonly ProvisionedDevice[];
  rate?: number;
  durationSec?: number;
  connectBatchSize?: number;
}): RunLimits {
  const rate = o.rate ?? 1;
  if (!Number.isFinite(rate) || rate <= 0 || rate > MAX_RATE) throw new RangeError(`rate must be a number in (0, ${MAX_RATE}], got ${rate}`);
  if (o.durationSec !== undefined && (!Number.isFinite(o.durationSec) || o.durationSec <= 0)) {
    throw new RangeError(`durationSec must be a positive number, got ${o.durationSec}`);
  }
  const connectBatchSize = o.connectBatchSize ?? 200;
  if (!Number.isInteger(connectBatchSize) || connectBatchSize < 1) throw new RangeError(`connectBatchSize must be a positive integer, got ${connectBatchSize}`);
  let url: URL;
  try {
    url = new URL(o.mqttUrl);
  } catch {
    throw new RangeError(`mqttUrl is not a URL: "${o.mqttUrl}"`);
  }
  if (!['mqtt:', 'mqtts:', 'tcp:', 'tls:', 'ws:', 'wss:'].includes(url.protocol)) {
    throw new RangeError(`mqttUrl must be mqtt://, mqtts://, ws:// or wss://, got ${url.protocol}//`);
  }
  const seen = new Set<string>();
  o.devices.forEach((d, i) => {
    const problem = deviceProblem(d, `devices[${i}]`);
    if (problem) throw new RangeError(problem);
    if (seen.has(d.id)) throw new RangeError(`devices[${i}].id "${d.id}" appears twice; each device needs its own connection`);
    seen.add(d.id);
  });
  return { rate, durationSec: o.durationSec, connectBatchSize };
}
