import type { GroupedIncident, Incident, IncidentKind, Severity, WebhookBody } from '@cityops/contracts';
import { KIND_LABELS, SEVERITY_LABELS } from './labels.ts';
import { buildMessage, incidentLink } from './render.ts';

type Group = NonNullable<WebhookBody['group']>;

const SEVERITY_ORDER: readonly Severity[] = ['critical', 'major', 'warning', 'info'];

export function groupedIncidentOf(i: Incident, publicUrl: string): GroupedIncident {
  return {
    id: i.id,
    kind: i.kind,
    severity: i.severity,
    title: i.title,
    address: i.address ?? null,
    area: i.area ?? null,
    openedAt: i.openedAt,
    link: incidentLink(publicUrl, i.id),
  };
}

/** At most this many incidents are named in the one-line text; the rest are counted. */
const NAMED = 3;

/**
 * One line for a group, as an SMS shows it: the worst severity, how many, of what and where when
 * they share it, then the first few by number and title.
 */
export function groupText(group: Group): string {
  const list = group.incidents;
  const worst = SEVERITY_ORDER.find((s) => list.some((i) => i.severity === s)) ?? 'info';
  const kinds = [...new Set(list.map((i) => i.kind))];
  const areas = [...new Set(list.map((i) => i.area).filter(Boolean))];
  const what = kinds.length === 1 ? (KIND_LABELS[kinds[0] as IncidentKind] ?? kinds[0]) : `${kinds.length} loại`;
  const where = areas.length === 1 ? ` — ${areas[0]}` : '';
  const named = list
    .slice(0, NAMED)
    .map((i) => `#${i.id} ${i.title}`)
    .join('; ');
  const more = list.length > NAMED ? `; và ${list.length - NAMED} sự cố khác` : '';
  return `[${SEVERITY_LABELS[worst]}] ${list.length} sự cố mới: ${what}${where}: ${named}${more}`;
}

/** A group's first notification, about the incident that opened it. */
export function buildGroupMessage(opts: { key: string; incident: Incident; at: Date; publicUrl: string; groupKey: string; by: Group['by'] }): WebhookBody {
  const body = buildMessage({ key: opts.key, reason: 'opened', incident: opts.incident, at: opts.at, publicUrl: opts.publicUrl });
  const group: Group = { key: opts.groupKey, by: opts.by, incidents: [groupedIncidentOf(opts.incident, opts.publicUrl)] };
  return { ...body, group, text: groupText(group) };
}

/** The same notification telling of one more incident (it has not been sent yet: nobody saw the old text). */
export function withIncidentAdded(body: WebhookBody, incident: Incident, publicUrl: string): WebhookBody {
  const group = body.group!;
  const grown: Group = { ...group, incidents: [...group.incidents, groupedIncidentOf(incident, publicUrl)] };
  return { ...body, group: grown, text: groupText(grown) };
}
