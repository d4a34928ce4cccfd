import type { Incident } from '@cityops/contracts';
import type { MapDevice } from '../stores/device-index.ts';
import { enumLabel, type Dictionary } from '../i18n/translate.ts';

/** What deck.gl hands getTooltip, reduced to what we read. */
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
  if (info.layer.id === 'devices') {
    const d = info.object as MapDevice;
    return { text: [d.name ?? d.id, `${enumLabel(dict, 'kind', d.kind)} · ${enumLabel(dict, 'status', d.status)}`, d.area ?? ''].filter(Boolean).join('\n') };
  }
  if (info.layer.id === 'incidents') {
    const i = info.object as Incident;
    return { text: [`${enumLabel(dict, 'severity', i.severity)} — ${i.title}`, i.address ?? i.area ?? ''].filter(Boolean).join('\n') };
  }
  return null;
}
