import { describe, expect, it } from 'vitest';
import type { NotificationEvent } from '@cityops/contracts';
import { isMeantFor, MAX_BANNERS, withBanner, withoutBanner } from './notification-banners.ts';

const note = (sseq: number, patch: Partial<NotificationEvent> = {}): NotificationEvent => ({
  sseq,
  role: 'supervisor',
  reason: 'opened',
  text: `Sự cố #${sseq}`,
  link: `https://ops.example.vn/?incident=${sseq}`,
  incidentId: sseq,
  contactPoint: 'banner-supervisors',
  at: '2025-01-01T00:00:00Z',
  ...patch,
});

describe('notification banners', () => {
  it('are for users whose role is at least the message role', () => {
    expect(isMeantFor('supervisor', { role: 'supervisor' })).toBe(true);
    expect(isMeantFor('admin', { role: 'supervisor' })).toBe(true);
    expect(isMeantFor('dispatcher', { role: 'supervisor' })).toBe(false);
    expect(isMeantFor('viewer', { role: 'dispatcher' })).toBe(false);
    expect(isMeantFor('viewer', { role: 'viewer' })).toBe(true);
    expect(isMeantFor('admin', { role: 'mayor' as never })).toBe(false);
  });

  it('show a message for this user on top, and leave the list alone otherwise', () => {
    const one = withBanner([], note(1), 'supervisor');
    expect(one.map((b) => b.sseq)).toEqual([1]);
    const two = withBanner(one, note(2), 'supervisor');
    expect(two.map((b) => b.sseq)).toEqual([2, 1]);
    expect(withBanner(two, note(3, { role: 'admin' }), 'supervisor')).toBe(two);
    expect(withBanner(two, note(2), 'supervisor')).toBe(two);
  });

  it('replace an older message about the same incident for the same reason', () => {
    let list = withBanner([], note(1, { incidentId: 9, reason: 'escalated' }), 'admin');
    list = withBanner(list, note(2, { incidentId: 9, reason: 'opened' }), 'admin');
    list = withBanner(list, note(3, { incidentId: 9, reason: 'escalated', role: 'admin' }), 'admin');
    expect(list.map((b) => [b.sseq, b.reason])).toEqual([
      [3, 'escalated'],
      [2, 'opened'],
    ]);
    // No incident: nothing to say two messages are the same.
    list = withBanner(withBanner([], note(4, { incidentId: null }), 'admin'), note(5, { incidentId: null }), 'admin');
    expect(list.map((b) => b.sseq)).toEqual([5, 4]);
  });

  it('keep the newest few', () => {
    let list: readonly NotificationEvent[] = [];
    for (let i = 1; i <= MAX_BANNERS + 3; i++) list = withBanner(list, note(i), 'admin');
    expect(list.map((b) => b.sseq)).toEqual(Array.from({ length: MAX_BANNERS }, (_, i) => MAX_BANNERS + 3 - i));
  });

  it('dismiss one by its sseq', () => {
    const list = [note(3), note(2), note(1)];
    expect(withoutBanner(list, 2).map((b) => b.sseq)).toEqual([3, 1]);
    expect(withoutBanner(list, 9)).toEqual(list);
  });
});
