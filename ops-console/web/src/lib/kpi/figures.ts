import type { KpiHistoryPoint, KpiTickEvent, Severity } from '@cityops/contracts';
import type { MessageKey } from '../i18n/translate.ts';

export type KpiName = 'cameras' | 'incidents' | 'mtta' | 'qr-taps' | 'queue-waiting' | 'queue-p90' | 'hotline' | 'ingest';

export interface KpiFigure {
  /** Also the test id: `kpi-<name>`. */
  name: KpiName;
  label: MessageKey;
  /** What the figure counts, for its tooltip. */
  hint: MessageKey;
  /** Printed after the value; a percent sign needs no translation. */
  unit?: MessageKey | '%';
  /** The least range the sparkline's height stands for (`sparklinePath` `minSpan`). */
  sparkMinSpan?: number;
}

/** The strip, left to right: safety first, then services to citizens, then the plumbing. */
export const KPI_FIGURES: readonly KpiFigure[] = [
  { name: 'incidents', label: 'kpi.incidents', hint: 'kpi.incidents.hint' },
  { name: 'mtta', label: 'kpi.mtta', hint: 'kpi.mtta.hint' },
  // Percentages: a sparkline spans at least 5 points.
  { name: 'cameras', label: 'kpi.cameras', hint: 'kpi.cameras.hint', unit: '%', sparkMinSpan: 5 },
  { name: 'hotline', label: 'kpi.hotline', hint: 'kpi.hotline.hint', unit: '%', sparkMinSpan: 5 },
  { name: 'queue-waiting', label: 'kpi.queueWaiting', hint: 'kpi.queueWaiting.hint', unit: 'unit.people' },
  { name: 'queue-p90', label: 'kpi.queueP90', hint: 'kpi.queueP90.hint', unit: 'unit.minutes' },
  { name: 'qr-taps', label: 'kpi.qrTaps', hint: 'kpi.qrTaps.hint' },
  { name: 'ingest', label: 'kpi.ingest', hint: 'kpi.ingest.hint', unit: 'unit.perSecond' },
];

export type KpiValues = Record<KpiName, number | null>;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * The number each figure shows and plots, from one tick. Null where the server has none: a field
 * sent as null (no cameras, nothing acknowledged yet), or absent (a server older than the field).
 */
export function kpiValues(e: KpiTickEvent): KpiValues {
  return {
    incidents: num(e.openIncidents),
    mtta: num(e.mttaSec),
    cameras: num(e.camerasOnlinePct),
    hotline: num(e.hotlineCompliancePct),
    'queue-waiting': num(e.queueWaiting),
    'queue-p90': num(e.queueP90WaitSec),
    'qr-taps': num(e.qrTapsPerMin),
    ingest: num(e.messagesPerSecond),
  };
}

/**
 * The same figures from one bucket of GET /api/history/kpi (the rollups), for the sparklines. The
 * ingest figure there is messages stored per second, live it is messages received: the same flow.
 */
export function pointValues(p: KpiHistoryPoint): KpiValues {
  return {
    incidents: num(p.openIncidents),
    mtta: num(p.mttaSec),
    cameras: num(p.camerasOnlinePct),
    hotline: num(p.hotlineCompliancePct),
    'queue-waiting': num(p.queueWaiting),
    'queue-p90': num(p.queueP90WaitSec),
    'qr-taps': num(p.qrTapsPerMin),
    ingest: num(p.messagesPerSecond),
  };
}

/** The severities the strip counts; `info` incidents do not need the wall's attention. */
export const STRIP_SEVERITIES = ['critical', 'major', 'warning'] as const satisfies readonly Severity[];
export type StripSeverity = (typeof STRIP_SEVERITIES)[number];

/** Active incidents per severity; null when the server does not break them down. */
export function severityCounts(e: KpiTickEvent | null): Record<StripSeverity, number> | null {
  const by = e?.incidentsBySeverity;
  if (!by || typeof by !== 'object') return null;
  return { critical: num(by.critical) ?? 0, major: num(by.major) ?? 0, warning: num(by.warning) ?? 0 };
}
