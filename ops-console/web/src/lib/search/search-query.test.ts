import { describe, expect, it } from 'vitest';
import { csvUrl, searchQuery, type SearchForm } from './search-query.ts';

const form = (over: Partial<SearchForm> = {}): SearchForm => ({
  target: 'tickets',
  q: '',
  fromDay: '',
  toDay: '',
  type: '',
  state: '',
  area: '',
  assignee: '',
  order: 'desc',
  ...over,
});

describe('the search form', () => {
  it('sends only what was filled, days in Hà Nội time', () => {
    expect(searchQuery(form())).toBe('limit=50');
    expect(new URLSearchParams(searchQuery(form({ q: ' hàng bạc ', fromDay: '2026-12-01', toDay: '2026-12-04', type: '1022', state: 'active' }), 50))).toEqual(
      new URLSearchParams({
        q: 'hàng bạc',
        from: '2026-12-01T00:00:00+07:00',
        to: '2026-12-04T23:59:59.999+07:00',
        line: '1022',
        state: 'active',
        limit: '50',
        offset: '50',
      }),
    );
    expect(searchQuery(form({ target: 'incidents', type: 'fire_alarm' }))).toContain('kind=fire_alarm');
  });

  it('sends an incident search’s area and assignee, not a ticket search’s, and oldest first when asked', () => {
    const q = new URLSearchParams(searchQuery(form({ target: 'incidents', area: ' A020 ', assignee: '114', order: 'asc' })));
    expect([q.get('area'), q.get('assignee'), q.get('order')]).toEqual(['A020', '114', 'asc']);
    expect(new URLSearchParams(searchQuery(form({ area: 'A020', assignee: '114' }))).has('area')).toBe(false);
  });

  it('downloads the same search as CSV, without paging', () => {
    expect(csvUrl(form({ q: 'rác' }))).toBe('/api/search/tickets?q=r%C3%A1c&format=csv');
  });
});
