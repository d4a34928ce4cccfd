import type { Health } from '@cityops/contracts';

/** What the console tells its operators of the stack's readiness: one line per thing wrong. */
export type HealthIssue = 'unreachable' | 'database' | 'broker' | 'ingest' | 'readers';

export interface HealthSummary {
  ok: boolean;
  issues: HealthIssue[];
  /** The server's own words, for the tooltip (English). */
  details: string[];
}

/**
 * From an answer of GET /api/health (503 carries the same body) or its absence: the server not
 * answering is itself the worst news, since everything on screen has stopped updating.
 */
export function summarizeHealth(body: Health | null): HealthSummary {
  if (!body) return { ok: false, issues: ['unreachable'], details: [] };
  const issues: HealthIssue[] = [];
  if (body.database === 'down') issues.push('database');
  if (body.broker === 'down') issues.push('broker');
  if (body.ingest === 'stalled') issues.push('ingest');
  if (Object.values(body.readers ?? {}).some((r) => r.lagSeconds > 30)) issues.push('readers');
  // A degraded answer names a problem even when none of the fields above explains it.
  if (body.status !== 'ok' && issues.length === 0) issues.push('readers');
  return { ok: issues.length === 0, issues, details: body.problems ?? [] };
}

/** A bad answer that took this long is a probe that timed out: the trouble is that old already. */
export const LONG_BAD_ANSWER_MS = 4000;

/**
 * What the banner shows after one more answer: a wall that cries wolf is soon ignored, and one
 * quick failure (a restart, a dropped connection) is not an outage, so a problem shows after two
 * bad answers in a row, or at once when the answer itself took `LONG_BAD_ANSWER_MS` or more (the
 * server waited that long for the database), and goes at the first good one. `bad` counts the bad
 * answers so far.
 */
export function debounced(shown: HealthSummary, bad: number, next: HealthSummary, tookMs = 0): { shown: HealthSummary; bad: number } {
  if (next.ok) return { shown: next, bad: 0 };
  return { shown: bad + 1 >= 2 || tookMs >= LONG_BAD_ANSWER_MS ? next : shown, bad: bad + 1 };
}
