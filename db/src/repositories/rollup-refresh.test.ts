import { describe, expect, it } from 'vitest';
import { refreshWindows } from './rollup-refresh.ts';

const iso = (w: [Date, Date][]) => w.map(([a, b]) => `${a.toISOString().slice(5, 16)}–${b.toISOString().slice(5, 16)}`);

describe('refreshWindows', () => {
  it('cuts a policy window into hours for the finer levels', () => {
    const w = refreshWindows('camera_status_5m', Date.parse('2026-11-21T07:40:00Z'), Date.parse('2026-11-21T09:55:00Z'));
    expect(iso(w)).toEqual(['11-21T07:00–11-21T08:00', '11-21T08:00–11-21T09:00', '11-21T09:00–11-21T09:55']);
  });

  it('cuts the 1d levels at Hà Nội midnight, so every day bucket lies wholly inside one piece', () => {
    const w = refreshWindows('queue_loads_1d', Date.parse('2026-11-18T10:00:00Z'), Date.parse('2026-11-20T10:00:00Z'));
    expect(iso(w)).toEqual(['11-17T17:00–11-18T17:00', '11-18T17:00–11-19T17:00', '11-19T17:00–11-20T10:00']);
  });
});
