import { describe, expect, it } from 'vitest';
import type { PublicReportStatus, Ticket } from '@cityops/contracts';
import { citizenUpdateKey, planCitizenUpdate } from './plan-citizen-update.ts';
import { vietnamTime } from './citizen-mail.ts';

const ticket: Ticket = {
  id: 77,
  line: '1022',
  category: 'traffic',
  description: 'Đèn hỏng trước nhà chị Hoa',
  lat: 21.03,
  lon: 105.85,
  address: 'Số 5 Hàng Bông',
  state: 'forwarded',
  createdAt: '2026-11-21T01:00:00.000Z',
  updatedAt: '2026-11-21T01:03:00.000Z',
  forwardedAt: '2026-11-21T01:03:00.000Z',
  answeredAt: null,
  lineSince: '2026-11-21T01:00:00.000Z',
  assignedUnit: { id: 'P-HOAN-KIEM', name: 'UBND phường Hoàn Kiếm' },
};
const status: PublicReportStatus = {
  ticketId: 77,
  category: 'Giao thông',
  state: 'forwarded',
  receivedAt: ticket.createdAt,
  updatedAt: ticket.updatedAt,
  unit: 'UBND phường Hoàn Kiếm',
  answerDueAt: '2026-11-26T01:00:00.000Z',
  answer: null,
  steps: [],
  updatesOn: true,
};
const ctx = { publicUrl: 'https://ioc.example.gov.vn/', giveUpAfterMs: 600_000, utcOffsetMinutes: 420 };

describe('citizen e-mail planning', () => {
  it('keys a milestone so that notes repeat it and news does not', () => {
    const forwarded = citizenUpdateKey(ticket);
    expect(citizenUpdateKey({ ...ticket })).toBe(forwarded);
    expect(citizenUpdateKey({ ...ticket, assignedUnit: { id: 'Q-HOAN-KIEM', name: 'UBND quận' } })).not.toBe(forwarded);
    expect(citizenUpdateKey({ ...ticket, lineSince: '2026-11-22T00:00:00.000Z' })).not.toBe(forwarded);
    expect(citizenUpdateKey({ ...ticket, state: 'in_progress' })).toBeNull();
    expect(citizenUpdateKey({ ...ticket, state: 'received' })).toBeNull();
    expect(citizenUpdateKey({ ...ticket, state: 'closed' })).toBe('ticket:77:closed');
  });

  it('writes a Vietnamese mail with the unit, the promised answer time and the status link, and nothing the caller wrote', () => {
    const planned = planCitizenUpdate(ticket, status, 'tok_en', ctx, new Date('2026-11-21T01:03:01Z'))!;
    expect(planned.message.subject).toBe('Phản ánh số 77 đã được chuyển đến UBND phường Hoàn Kiếm');
    expect(planned.message.statusUrl).toBe('https://ioc.example.gov.vn/status/tok_en');
    expect(planned.message.text).toContain('lúc 08:03 ngày 21/11/2026');
    expect(planned.message.text).toContain('trả lời trước 08:00 ngày 26/11/2026');
    expect(planned.message.text).not.toContain('chị Hoa');
    expect(planned.message.text).not.toContain('Hàng Bông');
    expect(planned.giveUpAt.getTime() - planned.dueAt.getTime()).toBe(600_000);
  });

  it('carries the answer in the answered mail', () => {
    const answered = planCitizenUpdate(
      { ...ticket, state: 'answered', answeredAt: '2026-11-22T07:00:00.000Z' },
      { ...status, state: 'answered', answer: 'Đã thay đèn.' },
      't',
      ctx,
      new Date(),
    )!;
    expect(answered.message.subject).toBe('Phản ánh số 77 đã được trả lời');
    expect(answered.message.text).toContain('Nội dung trả lời:\nĐã thay đèn.');
    expect(answered.message.at).toBe('2026-11-22T07:00:00.000Z');
    expect(planCitizenUpdate({ ...ticket, state: 'in_progress' }, status, 't', ctx, new Date())).toBeNull();
  });

  it('formats times on the center’s clock', () => {
    expect(vietnamTime('2026-12-31T17:30:00Z', 420)).toBe('00:30 ngày 01/01/2027');
  });
});
