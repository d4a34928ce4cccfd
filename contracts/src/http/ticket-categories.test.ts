import { describe, expect, it } from 'vitest';
import { HOTLINES, ticketDeadlines } from './tickets.ts';
import { TICKET_CATEGORIES, ticketCategory, ticketCategoryCodes } from './ticket-categories.ts';

describe('ticket categories', () => {
  it('gives every line unique codes with both labels, and an `other` so no call is refused', () => {
    for (const line of HOTLINES) {
      const codes = TICKET_CATEGORIES[line].map((c) => c.code);
      expect(new Set(codes).size, line).toBe(codes.length);
      expect(codes, line).toContain('other');
      for (const c of TICKET_CATEGORIES[line]) {
        expect(c.code).toMatch(/^[a-z_]+$/);
        expect(c.vi.trim()).not.toBe('');
        expect(c.en.trim()).not.toBe('');
      }
    }
  });

  it('covers what the 1022 line takes in HCMC (domain.md)', () => {
    expect(TICKET_CATEGORIES['1022'].map((c) => c.code)).toEqual(['infrastructure', 'environment', 'traffic', 'public_order', 'administrative', 'other']);
    expect(ticketCategory('114', 'fire')?.vi).toBe('Cháy');
    expect(ticketCategory('1022', 'fire')).toBeUndefined();
    expect(ticketCategoryCodes('115')).toBe('medical, injury, other');
  });

  it('counts deadlines from when the ticket arrived on its line (a transfer restarts them)', () => {
    const created = '2026-11-21T01:00:00.000Z';
    const transferred = '2026-11-21T03:00:00.000Z';
    const [forward] = ticketDeadlines({ line: '1022', createdAt: created, lineSince: transferred, forwardedAt: null }, Date.parse(transferred) + 60_000);
    expect(forward).toEqual({ name: 'forward', dueAt: '2026-11-21T03:05:00.000Z', metAt: null, breached: false });
    expect(ticketDeadlines({ line: '1022', createdAt: created, forwardedAt: null }, Date.parse(transferred))[0]!.breached).toBe(true);
    expect(ticketDeadlines({ line: '114', createdAt: created }, 0)).toEqual([]);
  });
});
