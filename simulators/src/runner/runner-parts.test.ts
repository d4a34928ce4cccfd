import { describe, expect, it } from 'vitest';
import { parseReceipt } from './parse-receipt.ts';
import { StatsCollector } from './stats.ts';
import { validateRunOptions } from './validate-options.ts';
import type { ProvisionedDevice } from '../fleet/device-spec.ts';

const enc = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));

describe('parseReceipt', () => {
  it('reads ack and rejected receipts', () => {
    expect(parseReceipt(enc({ seq: 3, status: 'ack' }))).toEqual({ seq: 3, status: 'ack' });
    expect(parseReceipt(enc({ seq: 4, status: 'rejected', reason: 'CITYOPS_INGEST_PAYLOAD_SCHEMA' }))).toEqual({
      seq: 4,
      status: 'rejected',
      reason: 'CITYOPS_INGEST_PAYLOAD_SCHEMA',
    });
  });

  it('returns undefined for anything else instead of throwing', () => {
    for (const bad of ['{', 'null', '[]', { seq: -1, status: 'ack' }, { seq: 1.5, status: 'ack' }, { seq: 1, status: 'ok' }]) {
      expect(parseReceipt(enc(bad))).toBeUndefined();
    }
  });
});

describe('StatsCollector', () => {
  it('derives msg/s over the last samples', () => {
    const s = new StatsCollector(10, 0);
    s.sample(0);
    s.add('published', 50);
    s.sample(1_000);
    s.add('published', 150);
    expect(s.snapshot(2_000)).toMatchObject({ devices: 10, published: 200, msgPerSec: 100, elapsedSec: 2 });
  });
});

describe('validateRunOptions', () => {
  const device: ProvisionedDevice = { id: 'CAM-1', kind: 'camera', lat: 21, lon: 105.8, area: 'A001', name: 'c', username: 'CAM-1', password: 'x' };
  const ok = { mqttUrl: 'mqtt://127.0.0.1:1883', devices: [device] };

  it('accepts good options with defaults', () => {
    expect(validateRunOptions(ok)).toEqual({ rate: 1, durationSec: undefined, connectBatchSize: 200 });
  });

  it('names the problem', () => {
    expect(() => validateRunOptions({ ...ok, rate: 0 })).toThrow(/rate must be/);
    expect(() => validateRunOptions({ ...ok, durationSec: -1 })).toThrow(/durationSec/);
    expect(() => validateRunOptions({ ...ok, mqttUrl: 'localhost' })).toThrow(/mqttUrl is not a URL/);
    expect(() => validateRunOptions({ ...ok, mqttUrl: 'http://x' })).toThrow(/mqttUrl must be mqtt/);
    expect(() => validateRunOptions({ ...ok, devices: [device, device] })).toThrow(/"CAM-1" appears twice/);
    expect(() => validateRunOptions({ ...ok, devices: [{ ...device, id: 'bad id' }] })).toThrow(/devices\[0\]\.id/);
    expect(() => validateRunOptions({ ...ok, devices: [{ ...device, password: undefined as unknown as string }] })).toThrow(/password/);
  });
});
