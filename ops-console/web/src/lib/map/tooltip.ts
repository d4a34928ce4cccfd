import type { Incident, Ticket } from '@cityops/contracts';
import type { MapDevice } from '../stores/device-index.ts';
import { enumLabel, translate, type Dictionary } from '../i18n/translate.ts';
import { MIX_BUCKETS } from './cluster-grid.ts';
import type { ClusterDisc } from './cluster-layer.ts';
import type { Hex } from './hex-bin.ts';
import type { Office } from './queue-layer.ts';

/** What deck.gl hands getTooltip, reduced to what we read (devices already resolved from their slot). */
export interface PickedInfo {
  object?: unknown;
  layer?: { id: string } | null;
}

/**
 * Plain text, never HTML: names and addresses come from the registry and from citizens. Labels in
 * the language of `dict`; names, titles and addresses as the registry and alerting wrote them.
 */
export function tooltipFor(info: PickedInfo, dict: Dictionary): { text: string } | null {
  if (!info.object || !info.layer) return null;
  const lines = tooltipLines(info.layer.id, info.object, dict);
  return lines ? { text: lines.filter(Boolean).join('\n') } : null;
}

function tooltipLines(layer: string, object: unknown, dict: Dictionary): string[] | null {
  switch (layer) {
    case 'devices': {
      const d = object as MapDevice;
      return [d.name ?? d.id, `${enumLabel(dict, 'kind', d.kind)} · ${enumLabel(dict, 'status', d.status)}`, d.area ?? ''];
    }
    case 'incidents': {
      const i = object as Incident;
      return [`${enumLabel(dict, 'severity', i.severity)} — ${i.title}`, i.address ?? i.area ?? ''];
    }
    case 'clusters': {
      const { cluster } = object as ClusterDisc;
      // The mix, most urgent first, as the rings show it.
      const mix = MIX_BUCKETS.map((b, i) => [b, cluster.mix[i] ?? 0] as const).filter(([, n]) => n > 0);
      return [translate(dict, 'map.cluster', { count: cluster.count }), ...mix.map(([b, n]) => `${enumLabel(dict, 'status', b)}: ${n}`)];
    }
    case 'offices': {
      const o = object as Office;
      return [
        o.name ?? o.id,
        translate(dict, 'map.office', { waiting: o.waiting, serving: o.serving, counters: o.countersOpen }),
        translate(dict, 'map.office.wait', { minutes: Math.round(o.avgWaitSec / 60) }),
        ...(o.satisfactionPct !== undefined ? [translate(dict, 'map.office.satisfaction', { pct: Math.round(o.satisfactionPct) })] : []),
      ];
    }
    case 'tickets': {
      const t = object as Ticket;
      return [translate(dict, 'map.ticket', { line: t.line, category: t.category }), t.address ?? '', ticketStateLabel(dict, t.state)];
    }
    case 'ridership': {
      const h = object as Hex;
      return [translate(dict, 'map.ridership', { taps: h.value, stops: h.points })];
    }
    default:
      return null;
  }
}

export function ticketStateLabel(dict: Dictionary, state: string): string {
  const key = `map.ticketState.${state}`;
  return Object.hasOwn(dict, key) ? translate(dict, key as Parameters<typeof translate>[1]) : state;
}
