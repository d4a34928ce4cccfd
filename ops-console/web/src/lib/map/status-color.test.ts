import { describe, expect, it } from 'vitest';
import { vi } from '../i18n/vi.ts';
import { cssColor, severityColor, STATUS_ORDER, statusColor } from './status-color.ts';

describe('statusColor', () => {
  it('paints each status family in its own colour', () => {
    expect(statusColor('online')).toEqual(statusColor('normal'));
    expect(statusColor('tampered')).toEqual(statusColor('fault'));
    const families = ['online', 'degraded', 'offline', 'tampered', 'alarm', 'overloaded', 'unknown'];
    const distinct = new Set(families.map((s) => statusColor(s).join(',')));
    expect(distinct.size).toBe(families.length);
  });

  it('paints alarm red and online green', () => {
    const [r, g] = statusColor('alarm');
    expect(r).toBeGreaterThan(200);
    expect(g).toBeLessThan(100);
    const [r2, g2] = statusColor('online');
    expect(g2).toBeGreaterThan(r2);
  });

  it('falls back to unknown for a status this build does not know', () => {
    expect(statusColor('melting')).toEqual(statusColor('unknown'));
  });
});

describe('STATUS_ORDER', () => {
  it('lists every status the dictionaries name (DeviceStatus in contracts), alarm first, once each', () => {
    const named = Object.keys(vi)
      .filter((k) => k.startsWith('status.'))
      .map((k) => k.slice('status.'.length));
    expect([...STATUS_ORDER].sort()).toEqual(named.sort());
    expect(STATUS_ORDER[0]).toBe('alarm');
  });
});

describe('severityColor', () => {
  it('has a colour per severity and falls back to info', () => {
    expect(severityColor('critical')).not.toEqual(severityColor('info'));
    expect(severityColor('bogus')).toEqual(severityColor('info'));
  });
});

describe('cssColor', () => {
  it('renders rgba() with alpha in 0..1', () => {
    expect(cssColor([255, 0, 10, 255])).toBe('rgba(255, 0, 10, 1)');
    expect(cssColor([0, 0, 0, 128])).toBe('rgba(0, 0, 0, 0.5)');
  });
});
