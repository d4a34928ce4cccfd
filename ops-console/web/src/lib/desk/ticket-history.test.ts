import { describe, expect, it } from 'vitest';
import { historyKey, historyUnit, photoUrl } from './ticket-history.ts';

describe('ticket history at the desk', () => {
  it('names the entry types it knows and leaves others raw', () => {
    expect(historyKey('forwarded')).toBe('ticketHistory.forwarded');
    expect(historyKey('note')).toBe('ticketHistory.note');
    expect(historyKey('escalated_to_mars')).toBeNull();
  });

  it('reads the unit a forward names', () => {
    const entry = { type: 'forwarded', at: '2026-12-04T01:00:00Z', actor: 'lan', note: null, data: { unit: { id: 'P-1', name: 'UBND phường 1' } } };
    expect(historyUnit(entry)).toBe('UBND phường 1');
    expect(historyUnit({ ...entry, data: {} })).toBeNull();
  });

  it('shows only http(s) photos', () => {
    expect(photoUrl('https://anh.example.vn/p/1.jpg')).toBe('https://anh.example.vn/p/1.jpg');
    expect(photoUrl('javascript:alert(1)')).toBeNull();
    expect(photoUrl('data:image/png;base64,AAAA')).toBeNull();
    expect(photoUrl(null)).toBeNull();
  });
});
