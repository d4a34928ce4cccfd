import type { HistoryResponse, KpiHistoryPoint } from '@cityops/contracts';
import type { Api } from '../api/http.ts';
import { HISTORY_SLOTS, SLOT_MS } from './history.ts';

/** The path that loads the sparklines' last `slots` five-minute points, ending now. */
export function kpiHistoryPath(now: number, slots = HISTORY_SLOTS): string {
  const from = new Date(Math.floor(now / SLOT_MS) * SLOT_MS - (slots - 1) * SLOT_MS).toISOString();
  return `/api/history/kpi?bucket=5m&from=${encodeURIComponent(from)}`;
}

/** GET /api/history/kpi for the strip's sparklines (rollups on the server). */
export async function loadKpiHistory(api: Api, now: number): Promise<KpiHistoryPoint[]> {
  const res = await api.get<HistoryResponse>(kpiHistoryPath(now));
  return (res?.points ?? []) as KpiHistoryPoint[];
}
