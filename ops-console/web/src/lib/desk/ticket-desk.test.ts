import { describe, expect, it } from 'vitest';
import { HOTLINES, TICKET_CATEGORIES, type Ticket } from '@cityops/contracts';
import { en } from '../i18n/en.ts';
import { vi } from '../i18n/vi.ts';
import { deadlineText, nextDeadline, sortTickets } from './ticket-deadline.ts';
import { TicketIndex } from './ticket-index.ts';
import { categoryKey, HOTLINE_LIST, LINE_CATEGORIES, transferCategory } from './ticket-lines.ts';

const T0 = Date.parse('2026-11-21T01:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
function ticket(id: number, over: Partial<Ticket> = {}): Ticket {
  return {
    id,
    line: '1022',
    category: 'environment',
    description: 'Rác',
    lat: 21,
    lon: 105.8,
    address: null,
    state: 'received',
    createdAt: iso(T0),
    updatedAt: iso(T0),
    forwardedAt: null,
    answeredAt: null,
    deadlines: [
      { name: 'forward', dueAt: iso(T0 + 5 * 60_000), metAt: null, breached: false },
      { name: 'answer', dueAt: iso(T0 + 5 * 86_400_000), metAt: null, breached: false },
    ],
    ...over,
  };
}

describe('ticket lines restated from contracts', () => {
  it('match HOTLINES and TICKET_CATEGORIES, with a label in both languages for every category', () => {
    expect(HOTLINE_LIST).toEqual(HOTLINES);
    for (const line of HOTLINES) {
      expect(LINE_CATEGORIES[line]).toEqual(TICKET_CATEGORIES[line].map((c) => c.code));
      for (const c of TICKET_CATEGORIES[line]) {
        const key = categoryKey(line, c.code)!;
        expect(vi[key]).toBe(c.vi);
        expect(en[key]).toBe(c.en);
      }
    }
    expect(categoryKey('1022', 'fire')).toBeNull();
  });

  it('proposes the same category on the new line only when that line takes it', () => {
    expect(transferCategory('114', 'other')).toBe('other');
    expect(transferCategory('114', 'environment')).toBeNull();
  });
});

describe('ticket deadlines at the desk', () => {
  it('watches the first unmet deadline and turns breached the moment it passes', () => {
    expect(nextDeadline(ticket(1), T0 + 4 * 60_000)).toEqual({ name: 'forward', dueMs: T0 + 300_000, remainingMs: 60_000, breached: false });
    expect(nextDeadline(ticket(1), T0 + 300_000)!.breached).toBe(false);
    expect(nextDeadline(ticket(1), T0 + 300_001)!.breached).toBe(true);
    const forwarded = ticket(1, {
      deadlines: [
        { name: 'forward', dueAt: iso(T0 + 300_000), metAt: iso(T0 + 60_000), breached: false },
        { name: 'answer', dueAt: iso(T0 + 5 * 86_400_000), metAt: null, breached: false },
      ],
    });
    expect(nextDeadline(forwarded, T0 + 600_000)).toMatchObject({ name: 'answer', breached: false });
    expect(nextDeadline(ticket(2, { line: '114', deadlines: [] }), T0)).toBeNull();
  });

  it('writes days apart from the clock, and overdue time counting up', () => {
    expect(deadlineText(5 * 86_400_000 - 1000)).toEqual({ days: 4, time: '23:59:59' });
    expect(deadlineText(61_000)).toEqual({ days: 0, time: '1:01' });
    expect(deadlineText(-83_000)).toEqual({ days: 0, time: '1:23' });
  });

  it('orders emergency lines first, then breached, then by time left', () => {
    const soon = ticket(1, { deadlines: [{ name: 'forward', dueAt: iso(T0 + 60_000), metAt: null, breached: false }] });
    const later = ticket(2, { deadlines: [{ name: 'forward', dueAt: iso(T0 + 240_000), metAt: null, breached: false }] });
    const late = ticket(3, { deadlines: [{ name: 'forward', dueAt: iso(T0 - 60_000), metAt: null, breached: false }] });
    const fire = ticket(4, { line: '114', category: 'fire', deadlines: [] });
    expect(sortTickets([later, soon, fire, late], T0).map((t) => t.id)).toEqual([4, 3, 1, 2]);
  });
});

describe('TicketIndex', () => {
  it('keeps open tickets from snapshot and events in any order, drops answered ones for good, keeps duplicates across updates', () => {
    const idx = new TicketIndex();
    const dup = [{ id: 9, distanceM: 20, createdAt: iso(T0), state: 'received' as const }];
    expect(idx.apply(ticket(1, { duplicates: dup }))).toBe(true);
    expect(idx.apply(ticket(1, { state: 'forwarded', updatedAt: iso(T0 + 1000) }))).toBe(true);
    expect(idx.open.get(1)).toMatchObject({ state: 'forwarded', duplicates: dup });
    // A snapshot copy older than what the events brought is ignored.
    expect(idx.apply(ticket(1, { updatedAt: iso(T0) }))).toBe(false);
    expect(idx.apply(ticket(1, { state: 'answered', updatedAt: iso(T0 + 2000) }))).toBe(true);
    expect(idx.open.has(1)).toBe(false);
    expect(idx.apply(ticket(1, { state: 'in_progress', updatedAt: iso(T0 + 1500) }))).toBe(false);
    expect(idx.open.size).toBe(0);
  });
});
