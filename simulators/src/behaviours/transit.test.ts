import { describe, expect, it } from 'vitest';
import { transitBehaviour, modeOf, routeOf } from './transit.ts';
import { drive, invalidPayloads, spec } from './test-drive.ts';
import { distanceKm } from '../core/geo.ts';
import { vnTime } from '../core/local-time.ts';

const HOUR = 3600_000;
const MONDAY = '2026-11-23';

function tapsInHour(hour: number, readers = 20, date = MONDAY): number {
  let n = 0;
  for (let r = 0; r < readers; r++) {
    n += drive(transitBehaviour, spec('transit', `QR-05-${r}`, { routeId: '05', vehicleId: '29B-123.45' }), vnTime(date, hour), HOUR).payloads.length;
  }
  return n;
}

describe('transit behaviour', () => {
  it('follows rush hours: many taps at 08:00 and 17:30, fewer at noon, none at 03:00', () => {
    const at8 = tapsInHour(8);
    const at12 = tapsInHour(12);
    const at1730 = tapsInHour(17.5);
    expect(tapsInHour(3)).toBe(0);
    expect(at8).toBeGreaterThan(2 * at12);
    expect(at1730).toBeGreaterThan(2 * at12);
    expect(at8).toBeGreaterThan(20 * 150 * 0.8); // ~180 an hour per bus reader at the peak
  });

  it('has no commuter peak on a Sunday', () => {
    expect(tapsInHour(8, 20, '2026-11-22')).toBeLessThan(tapsInHour(8) / 2);
  });

  it('sends valid taps with unique tokens, mostly accepted, near the reader', () => {
    const reader = spec('transit', 'QR-M3-001', { routeId: 'M3', stopId: 'M3-S01' });
    const { payloads } = drive(transitBehaviour, reader, vnTime(MONDAY, 6), 14 * HOUR);
    expect(payloads.length).toBeGreaterThan(1000);
    expect(invalidPayloads('transit', reader.id, payloads)).toEqual([]);
    expect(new Set(payloads.map((p) => p.token)).size).toBe(payloads.length);
    const rejected = payloads.filter((p) => p.result === 'rejected').length / payloads.length;
    expect(rejected).toBeGreaterThan(0.005);
    expect(rejected).toBeLessThan(0.08);
    for (const p of payloads) {
      expect(p.routeId).toBe('M3');
      expect(p.stopId).toBe('M3-S01');
      expect(distanceKm({ lat: p.lat!, lon: p.lon! }, reader)).toBeLessThan(0.1);
      expect(p.seq).toBe(payloads[0]!.seq + payloads.indexOf(p));
    }
  });

  it('derives route and mode from the id when the spec has no routeId', () => {
    expect(routeOf(spec('transit', 'QR-BRT01-017'))).toBe('BRT01');
    expect(modeOf('BRT01')).toBe('brt');
    expect(modeOf('M2A')).toBe('metro');
    expect(modeOf('12')).toBe('bus');
  });
});
