export type SearchTarget = 'tickets' | 'incidents';

/** The search form as typed: dates are Hà Nội days (`YYYY-MM-DD`), empty fields mean "any". */
export interface SearchForm {
  target: SearchTarget;
  q: string;
  fromDay: string;
  toDay: string;
  /** A hotline (tickets) or an incident kind (incidents). */
  type: string;
  state: string;
  /** Incidents only: the area code and the unit it was dispatched to (exact). */
  area: string;
  assignee: string;
  /** Newest first (the default) or oldest first. */
  order: 'desc' | 'asc';
}

export const PAGE_SIZE = 50;

/**
 * The query string of GET /api/search/{target}: a day runs from 00:00 to 23:59:59.999 Hà Nội time
 * (UTC+7, no daylight saving), whatever the browser's own time zone.
 */
export function searchQuery(f: SearchForm, offset = 0): string {
  const p = new URLSearchParams();
  if (f.q.trim()) p.set('q', f.q.trim());
  if (/^\d{4}-\d{2}-\d{2}$/.test(f.fromDay)) p.set('from', `${f.fromDay}T00:00:00+07:00`);
  if (/^\d{4}-\d{2}-\d{2}$/.test(f.toDay)) p.set('to', `${f.toDay}T23:59:59.999+07:00`);
  if (f.type) p.set(f.target === 'tickets' ? 'line' : 'kind', f.type);
  if (f.state) p.set('state', f.state);
  if (f.target === 'incidents' && f.area.trim()) p.set('area', f.area.trim());
  if (f.target === 'incidents' && f.assignee.trim()) p.set('assignee', f.assignee.trim());
  if (f.order === 'asc') p.set('order', 'asc');
  p.set('limit', String(PAGE_SIZE));
  if (offset > 0) p.set('offset', String(offset));
  return p.toString();
}

/** The same search as a CSV download (all rows, no paging). */
export function csvUrl(f: SearchForm): string {
  const p = new URLSearchParams(searchQuery(f));
  p.delete('limit');
  p.delete('offset');
  p.set('format', 'csv');
  return `/api/search/${f.target}?${p.toString()}`;
}
