import { describe, expect, it } from 'vitest';
import { tooltipFor } from './tooltip.ts';

describe('tooltipFor', () => {
  it('describes a device in Vietnamese, as text', () => {
    const object = { id: 'CAM-1', name: '<b>Cổng</b>', kind: 'camera', status: 'offline', area: 'Ba Đình' };
    expect(tooltipFor({ object, layer: { id: 'devices' } })).toEqual({ text: '<b>Cổng</b>\ncamera · Mất kết nối\nBa Đình' });
  });

  it('describes an incident by severity, title and address', () => {
    const object = { severity: 'critical', title: 'Báo cháy', address: '1 Tràng Tiền', area: null };
    expect(tooltipFor({ object, layer: { id: 'incidents' } })?.text).toBe('Khẩn cấp — Báo cháy\n1 Tràng Tiền');
  });

  it('shows nothing over empty map or an unknown layer', () => {
    expect(tooltipFor({})).toBeNull();
    expect(tooltipFor({ object: {}, layer: { id: 'basemap' } })).toBeNull();
  });
});
