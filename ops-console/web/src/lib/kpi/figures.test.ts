import { describe, expect, it } from 'vitest';
import type { KpiTickEvent } from '@cityops/contracts';
import { KPI_FIGURES, kpiValues, severityCounts } from './figures.ts';

const tick: KpiTickEvent = {
  sseq: 7,
  at: '2026-11-21T02:00:00.000Z',
  devicesByStatus: { online: 90, offline: 10 },
  openIncidents: 6,
  messagesPerSecond: 412.4,
  camerasOnlinePct: 97.5,
  incidentsBySeverity: { critical: 1, major: 2, warning: 3 },
  mttaSec: 83,
  qrTapsPerMin: 120,
  queueWaiting: 42,
  queueP90WaitSec: 720,
  hotlineCompliancePct: null,
};

describe('kpiValues', () => {
  it('reads every figure of the strip from one tick', () => {
    expect(kpiValues(tick)).toEqual({
      incidents: 6,
      mtta: 83,
      cameras: 97.5,
      hotline: null,
      'queue-waiting': 42,
      'queue-p90': 720,
      'qr-taps': 120,
      ingest: 412.4,
    });
  });

  it('has a value for each figure the strip draws, and no other', () => {
    expect(Object.keys(kpiValues(tick)).sort()).toEqual(KPI_FIGURES.map((f) => f.name).sort());
  });

  it('gives null for fields an older server does not send', () => {
    const old = { sseq: 1, at: tick.at, devicesByStatus: {}, openIncidents: 0, messagesPerSecond: 0 } as KpiTickEvent;
    expect(kpiValues(old)).toMatchObject({ cameras: null, mtta: null, 'qr-taps': null, 'queue-waiting': null, 'queue-p90': null, hotline: null });
    expect(severityCounts(old)).toBeNull();
  });
});

describe('severityCounts', () => {
  it('counts critical, major and warning, zero when absent', () => {
    expect(severityCounts(tick)).toEqual({ critical: 1, major: 2, warning: 3 });
    expect(severityCounts({ ...tick, incidentsBySeverity: { info: 4, critical: 2 } })).toEqual({ critical: 2, major: 0, warning: 0 });
    expect(severityCounts(null)).toBeNull();
  });
});
