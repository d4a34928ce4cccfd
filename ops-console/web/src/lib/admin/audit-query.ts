import type { AuditOutcome } from '@cityops/contracts';

/** The action families the audit screen filters by (a prefix ending in a dot). */
export const AUDIT_ACTION_FAMILIES = ['auth.', 'user.', 'rule.', 'silence.', 'maintenance_window.', 'sop.', 'api_key.', 'device.', 'building.'] as const;
export const AUDIT_OUTCOME_LIST: readonly AuditOutcome[] = ['succeeded', 'failed', 'refused'];

export interface AuditFilterForm {
  actor: string;
  action: string;
  outcome: AuditOutcome | '';
}

/** The query string of `GET /api/audit` for a filter, a page and a format. */
export function auditQuery(f: AuditFilterForm, opts: { before?: number | null; csv?: boolean } = {}): string {
  const q = new URLSearchParams();
  if (f.actor.trim()) q.set('actor', f.actor.trim());
  if (f.action) q.set('action', f.action);
  if (f.outcome) q.set('outcome', f.outcome);
  if (opts.before) q.set('before', String(opts.before));
  if (opts.csv) q.set('format', 'csv');
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** A before/after value in one line, cut to `max` characters (the full text goes in the cell's title). */
export function compactJson(value: unknown, max = 160): string {
  if (value === null || value === undefined) return '';
  const text = JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
