import type { Incident, Severity } from '@cityops/contracts';

/** Most urgent first; a severity from a newer server than this build sorts after `info`. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 0, major: 1, warning: 2, info: 3 };

function severityRank(severity: string): number {
  return SEVERITY_RANK[severity as Severity] ?? 4;
}

/**
 * The desk queue's order: unacknowledged (`open`) first, then by severity, then
 * the oldest first, since it has waited longest; ties by id, which the server hands out in order.
 */
export function compareQueue(a: Incident, b: Incident): number {
  return (
    Number(b.state === 'open') - Number(a.state === 'open') ||
    severityRank(a.severity) - severityRank(b.severity) ||
    Date.parse(a.openedAt) - Date.parse(b.openedAt) ||
    a.id - b.id
  );
}

/** A sorted copy; `items` is left as it is. */
export function sortQueue(items: Iterable<Incident>): Incident[] {
  return [...items].sort(compareQueue);
}

/** What the wall's list shows: critical and major only, in queue order. */
export function isWallWorthy(incident: Incident): boolean {
  return incident.severity === 'critical' || incident.severity === 'major';
}

/**
 * The first `limit` wall-worthy incidents of an already sorted queue, and how many more there are.
 * A fixed-size result: the wall runs for days and must not hold more than it shows.
 */
export function wallSlice(queue: readonly Incident[], limit: number): { shown: Incident[]; more: number } {
  const shown: Incident[] = [];
  let more = 0;
  for (const i of queue) {
    if (!isWallWorthy(i)) continue;
    if (shown.length < limit) shown.push(i);
    else more++;
  }
  return { shown, more };
}
