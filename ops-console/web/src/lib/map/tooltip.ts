import type { Incident, Ticket } from '@cityops/contracts';
import type { MapDevice } from '../stores/device-index.ts';
import { enumLabel, translate, type Dictionary } from '../i18n/translate.ts';
import { MIX_BUCKETS } from './cluster-grid.ts';
import type { ClusterDisc } from './cluster-layer.ts';
import type { Hex } from './hex-bin.ts';
import type { Office } from './queue-layer.ts';

/*
 * The lines of a hover tooltip, one function per kind of object on the map; the layer registry
 * says which applies. Plain text, never HTML: names and addresses come from the registry and from
 * citizens. Labels in the language of `dict`; names, titles and addresses as the registry and
 * alerting wrote them. Empty lines are dropped when shown.
 */

export function deviceTooltip(d: MapDevice, dict: Dictionary): string[] {
  return [d.name ?? d.id, `${enumLabel(dict, 'kind', d.kind)} · ${enumLabel(dict, 'status', d.status)}`, d.area ?? ''];
}

export function incidentTooltip(i: Incident, dict: Dictionary): string[] {
  return [`${enumLabel(dict, 'severity', i.severity)} — ${i.title}`, i.address ?? i.area ?? ''];
}

export function clusterTooltip({ cluster }: ClusterDisc, dict: Dictionary): string[] {
  // The mix, most urgent first, as the rings show it.
  const mix = MIX_BUCKETS.map((b, i) => [b, cluster.mix[i] ?? 0] as const).filter(([, n]) => n > 0);
  return [translate(dict, 'map.cluster', { count: cluster.count }), ...mix.map(([b, n]) => `${enumLabel(dict, 'status', b)}: ${n}`)];
}

export function officeTooltip(o: Office, dict: Dictionary): string[] {
  return [
    o.name ?? o.id,
    translate(dict, 'map.office', { waiting: o.waiting, serving: o.serving, counters: o.countersOpen }),
    translate(dict, 'map.office.wait', { minutes: Math.round(o.avgWaitSec / 60) }),
    ...(o.satisfactionPct !== undefined ? [translate(dict, 'map.office.satisfaction', { pct: Math.round(o.satisfactionPct) })] : []),
  ];
}

export function ticketTooltip(t: Ticket, dict: Dictionary): string[] {
  return [translate(dict, 'map.ticket', { line: t.line, category: t.category }), t.address ?? '', ticketStateLabel(dict, t.state)];
}

export function ridershipTooltip(h: Hex, dict: Dictionary): string[] {
  return [translate(dict, 'map.ridership', { taps: h.value, stops: h.points })];
}

export function ticketStateLabel(dict: Dictionary, state: string): string {
  const key = `map.ticketState.${state}`;
  return Object.hasOwn(dict, key) ? translate(dict, key as Parameters<typeof translate>[1]) : state;
}
