import { describe, expect, it } from 'vitest';
import { DICTIONARIES } from '../i18n/translate.ts';
import { tooltipFor } from './tooltip.ts';

const { vi, en } = DICTIONARIES;

describe('tooltipFor', () => {
  it('describes a device in Vietnamese, as text', () => {
    const object = { id: 'CAM-1', name: '<b>Cổng</b>', kind: 'camera', status: 'offline', area: 'Ba Đình' };
    expect(tooltipFor({ object, layer: { id: 'devices' } }, vi)).toEqual({ text: '<b>Cổng</b>\nCamera · Mất kết nối\nBa Đình' });
  });

  it('speaks English when asked, keeping names as registered', () => {
    const object = { id: 'FA-1', name: 'Số 1 Tràng Tiền', kind: 'fire', status: 'alarm', area: null };
    expect(tooltipFor({ object, layer: { id: 'devices' } }, en)?.text).toBe('Số 1 Tràng Tiền\nFire panel · Alarm');
  });

  it('describes an incident by severity, title and address', () => {
    const object = { severity: 'critical', title: 'Báo cháy', address: '1 Tràng Tiền', area: null };
    expect(tooltipFor({ object, layer: { id: 'incidents' } }, vi)?.text).toBe('Khẩn cấp — Báo cháy\n1 Tràng Tiền');
    expect(tooltipFor({ object, layer: { id: 'incidents' } }, en)?.text).toBe('Critical — Báo cháy\n1 Tràng Tiền');
  });

  it('shows nothing over empty map or an unknown layer', () => {
    expect(tooltipFor({}, vi)).toBeNull();
    expect(tooltipFor({ object: {}, layer: { id: 'basemap' } }, vi)).toBeNull();
  });
});
