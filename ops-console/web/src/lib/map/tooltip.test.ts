import { describe, expect, it } from 'vitest';
import { DICTIONARIES, type Dictionary } from '../i18n/translate.ts';
import type { MapDevice } from '../stores/device-index.ts';
import { resolvePick, tooltipFor } from './map-picking.ts';

const { vi, en } = DICTIONARIES;

/** The tooltip over `object` on a layer; a device comes back from its slot, as deck.gl reports it. */
function hover(info: { object?: unknown; layer?: { id: string } }, dict: Dictionary) {
  const ctx = { deviceAt: () => info.object as MapDevice | undefined, zoom: 10 };
  return tooltipFor(resolvePick({ ...info, index: info.object ? 0 : -1 }, ctx), dict);
}

describe('tooltipFor', () => {
  it('describes a device in Vietnamese, as text', () => {
    const object = { id: 'CAM-1', name: '<b>Cổng</b>', kind: 'camera', status: 'offline', area: 'Ba Đình' };
    expect(hover({ object, layer: { id: 'devices' } }, vi)).toEqual({ text: '<b>Cổng</b>\nCamera · Mất kết nối\nBa Đình' });
  });

  it('speaks English when asked, keeping names as registered', () => {
    const object = { id: 'FA-1', name: 'Số 1 Tràng Tiền', kind: 'fire', status: 'alarm', area: null };
    expect(hover({ object, layer: { id: 'devices' } }, en)?.text).toBe('Số 1 Tràng Tiền\nFire panel · Alarm');
  });

  it('describes an incident by severity, title and address', () => {
    const object = { severity: 'critical', title: 'Báo cháy', address: '1 Tràng Tiền', area: null };
    expect(hover({ object, layer: { id: 'incidents' } }, vi)?.text).toBe('Khẩn cấp — Báo cháy\n1 Tràng Tiền');
    expect(hover({ object, layer: { id: 'incidents' } }, en)?.text).toBe('Critical — Báo cháy\n1 Tràng Tiền');
  });

  it('shows nothing over empty map or an unknown layer', () => {
    expect(hover({}, vi)).toBeNull();
    expect(hover({ object: {}, layer: { id: 'basemap' } }, vi)).toBeNull();
  });

  it('describes a cluster by its size and status mix, most urgent first', () => {
    const cluster = { lon: 105.85, lat: 21.03, count: 120, mix: [2, 0, 0, 0, 18, 100, 0], id: '9:1:1' };
    expect(hover({ object: { cluster, radius: 10, color: [0, 0, 0, 0] }, layer: { id: 'clusters' } }, en)?.text).toBe(
      '120 devices — zoom in to see them\nAlarm: 2\nOffline: 18\nOnline: 100',
    );
  });

  it('describes an office by its queue, a ticket by its line and a ridership hexagon by its taps', () => {
    const office = {
      id: 'Q1',
      name: 'UBND Phường Tràng Tiền',
      waiting: 12,
      serving: 3,
      countersOpen: 4,
      avgWaitSec: 1_260,
      at: '',
      lon: 0,
      lat: 0,
      area: null,
    };
    expect(hover({ object: office, layer: { id: 'offices' } }, vi)?.text).toBe(
      'UBND Phường Tràng Tiền\nĐang chờ 12 · đang phục vụ 3 · 4 quầy mở\nThời gian chờ trung bình 21 phút',
    );
    expect(hover({ object: { ...office, satisfactionPct: 86.6 }, layer: { id: 'offices' } }, vi)?.text).toMatch(/\nMức hài lòng 87%$/);
    const ticket = { id: 1, line: '114', category: 'cháy', description: '', lat: 0, lon: 0, address: '5 Hàng Bài', state: 'in_progress' };
    expect(hover({ object: ticket, layer: { id: 'tickets' } }, en)?.text).toBe('Line 114 — cháy\n5 Hàng Bài\nIn progress');
    expect(hover({ object: { value: 40, points: 3 }, layer: { id: 'ridership' } }, en)?.text).toBe('40 taps at 3 stops');
  });
});
