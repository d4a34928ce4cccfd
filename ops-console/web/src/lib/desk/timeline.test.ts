import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '@cityops/contracts';
import { en } from '../i18n/en.ts';
import { vi } from '../i18n/vi.ts';
import { TIMELINE_TYPES, timelineText } from './timeline.ts';

const entry = (type: string, data: Record<string, unknown> = {}, note: string | null = null): TimelineEntry => ({
  at: '2025-06-01T10:00:00Z',
  type,
  actor: 'dispatcher',
  note,
  data,
});
const time = (iso: string) => `T(${iso})`;

describe('timelineText', () => {
  it('names every entry type in both languages', () => {
    for (const type of TIMELINE_TYPES) {
      expect(timelineText(vi, entry(type), time)).not.toBe(type);
      expect(timelineText(en, entry(type), time)).not.toBe(type);
    }
  });

  it('says whom it was dispatched to, by the unit’s name', () => {
    expect(timelineText(en, entry('dispatched', { assignee: '114' }), time)).toBe('Dispatched to 114 · Fire and rescue');
    expect(timelineText(vi, entry('dispatched', { assignee: 'Đội phường Hàng Bạc' }), time)).toBe('Đã điều phối cho Đội phường Hàng Bạc');
    expect(timelineText(en, entry('dispatched'), time)).toBe('Dispatched');
  });

  it('gives the escalation level and who was notified', () => {
    expect(timelineText(en, entry('escalated', { level: 2, notify: ['supervisor', 'admin'] }), time)).toBe('Escalated to level 2 — notified Supervisor, Admin');
    expect(timelineText(vi, entry('escalated', { level: 1, notify: 'supervisor' }), time)).toBe('Leo thang lên cấp 1 — báo cho Giám sát viên');
  });

  it('gives a silence’s end and id', () => {
    expect(timelineText(en, entry('silenced', { silenceId: 7, until: '2025-06-01T12:00:00Z' }), time)).toBe('Silenced until T(2025-06-01T12:00:00Z) (#7)');
  });

  it('names the station a hand-off to 114 went to', () => {
    expect(timelineText(en, entry('handoff', { unit: '114', stationId: 'PCCC-1', stationName: 'Đội PCCC Hoàn Kiếm' }), time)).toBe(
      'Handed off to 114 — Đội PCCC Hoàn Kiếm',
    );
    expect(timelineText(vi, entry('handoff', { unit: '114', stationId: null }), time)).toBe('Bàn giao 114');
    expect(timelineText(vi, entry('ticket_linked', { ticketId: 12 }), time)).toBe('Liên kết phản ánh #12');
    expect(timelineText(vi, entry('merged', { from: 7, title: 'x' }), time)).toBe('Gộp sự cố #7 vào đây');
    expect(timelineText(en, entry('merged_into', { into: 9 }), time)).toBe('Merged into incident #9');
  });

  it('says what an agency reported, and by which crew', () => {
    expect(timelineText(vi, entry('agency_status', { status: 'en_route', unit: 'Đội CC&CNCH Hoàn Kiếm' }), time)).toBe(
      'Đội CC&CNCH Hoàn Kiếm báo: xe đã xuất phát',
    );
    expect(timelineText(vi, entry('agency_status', { status: 'under_control' }), time)).toBe('Cơ quan chức năng báo: đã khống chế');
    expect(timelineText(en, entry('agency_status', { status: 'on_scene' }), time)).toBe('Agency reports: on scene');
  });

  it('names the contact point of each notification attempt', () => {
    expect(timelineText(vi, entry('notified', { contactPoint: 'pccc-114', status: 200 }), time)).toBe('Đã gửi thông báo tới pccc-114');
    expect(timelineText(en, entry('notification_failed', { contactPoint: 'sms', attempt: 3 }), time)).toBe('Notifying sms failed (attempt 3)');
    expect(timelineText(vi, entry('notification_given_up', { contactPoint: 'dead' }), time)).toBe('Bỏ cuộc gửi thông báo tới dead');
  });

  it('shows a type from a newer server as sent', () => {
    expect(timelineText(en, entry('merged'), time)).toBe('merged');
  });
});
