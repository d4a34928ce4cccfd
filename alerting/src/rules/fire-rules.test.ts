import { describe, expect, it } from 'vitest';
import { fireSignal, type FireEventRecord } from './fire-rules.ts';

const panel = { name: 'Chung cư mẫu A', address: 'Số 12 Phố mẫu, Khu vực mẫu 001', area: 'A001', lat: 21.03, lon: 105.85 };
const ev = (event: FireEventRecord['event'], extra: Partial<FireEventRecord> = {}): FireEventRecord =>
  ({ deviceId: 'FA-0001', seq: 7, at: '2026-11-21T01:00:00.000Z', area: 'A001', event, ...extra });

describe('fire rules', () => {
  it('an alarm is a critical incident carrying the building address and zone', () => {
    const s = fireSignal(ev('alarm', { zone: 'Tầng 3' }), panel);
    expect(s).toMatchObject({ kind: 'fire_alarm', severity: 'critical', address: panel.address, lat: 21.03, dedupKey: 'fire_alarm:FA-0001' });
    expect(s!.title).toContain('Số 12 Phố mẫu');
    expect(s!.title).toContain('Tầng 3');
  });
  it('faults and supervisory signals are warnings with their own dedup key', () => {
    expect(fireSignal(ev('fault'), panel)).toMatchObject({ kind: 'fire_fault', severity: 'warning', dedupKey: 'fire_fault:FA-0001' });
    expect(fireSignal(ev('supervisory'), panel)?.severity).toBe('warning');
  });
  it('restore, test and heartbeat open nothing', () => {
    for (const e of ['restore', 'test', 'heartbeat'] as const) expect(fireSignal(ev(e), panel)).toBeNull();
  });
  it('still opens an incident for a panel missing from the registry', () => {
    expect(fireSignal(ev('alarm'), null)).toMatchObject({ deviceId: 'FA-0001', address: null, title: expect.stringContaining('FA-0001') });
  });
});
