import { describe, expect, it } from 'vitest';
import type { Incident } from '@cityops/contracts';
import { emailSubject, shortText } from './render.ts';

const fire = {
  id: 7,
  kind: 'fire_alarm',
  severity: 'critical',
  state: 'open',
  title: 'Báo cháy — Số 12 Phố Hàng Bạc (Tầng 3)',
  address: 'Số 12 Phố Hàng Bạc',
  area: 'hoan-kiem',
  assignee: null,
} as Incident;

describe('notification text', () => {
  it('does not repeat what the title already says', () => {
    expect(shortText('opened', fire)).toBe('[Khẩn cấp] Sự cố mới: Báo cháy — Số 12 Phố Hàng Bạc (Tầng 3) — hoan-kiem (#7)');
  });
  it('adds the kind and the place when the title lacks them', () => {
    const manual = { ...fire, kind: 'manual', severity: 'major', title: 'Khói ở tầng hầm' } as Incident;
    expect(shortText('escalated', manual, { level: 1, role: 'supervisor' })).toBe(
      '[Nghiêm trọng] Chưa ai tiếp nhận (báo giám sát viên): Ghi nhận tại bàn điều phối — Khói ở tầng hầm — Số 12 Phố Hàng Bạc, hoan-kiem (#7)',
    );
  });
  it('names the unit of a dispatch, and leads an e-mail subject with the kind and place', () => {
    expect(shortText('dispatched', { ...fire, assignee: '114' })).toMatch(/^\[Khẩn cấp\] Bàn giao 114: /);
    expect(emailSubject({ reason: 'resolved', incident: fire } as never)).toBe('[cityops] Đã xử lý xong: Báo cháy — Số 12 Phố Hàng Bạc, hoan-kiem (#7)');
  });
});
