import { describe, expect, it } from 'vitest';
import type { DeviceStatus, Incident, ReplayDevice, ReplayDeviceEvent, ReplayEvent } from '@cityops/contracts';
import { incidentFixture } from '../map/incident.fixture.ts';
import { ReplayTimeline, type ReplaySnapshot } from './replay-timeline.ts';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const device = (id: string, status: DeviceStatus): ReplayDevice => ({
  id,
  kind: 'camera',
  status,
  lat: 21,
  lon: 105.8,
  area: 'A001',
  name: `Cam ${id}`,
  address: null,
});
const deviceEvent = (sseq: number, at: number, id: string, status: DeviceStatus): ReplayDeviceEvent => ({
  sseq,
  at: iso(at),
  type: 'device',
  id,
  kind: 'camera',
  status,
  previous: null,
  lat: 21,
  lon: 105.8,
  area: 'A001',
});
const incidentEvent = (sseq: number, at: number, incident: Incident): ReplayEvent => ({ sseq, at: iso(at), type: 'incident', incident });
const snapshot = (over: Partial<ReplaySnapshot> = {}): ReplaySnapshot => ({
  at: T0,
  sseq: 10,
  devices: [device('C1', 'online'), device('C2', 'online')],
  incidents: [],
  ...over,
});

const statuses = (t: ReplayTimeline) => Object.fromEntries([...t.devices()].map((d) => [d.id, d.status]));
const incidentStates = (t: ReplayTimeline) => Object.fromEntries(t.incidents().map((i) => [i.id, i.state]));

describe('ReplayTimeline', () => {
  it('shows the snapshot before the first event and each event from its logged time on', () => {
    const t = new ReplayTimeline(snapshot());
    t.append([deviceEvent(11, T0 + 1000, 'C1', 'offline'), deviceEvent(12, T0 + 2000, 'C2', 'tampered')]);
    t.seek(T0 + 999);
    expect(statuses(t)).toEqual({ C1: 'online', C2: 'online' });
    t.seek(T0 + 1000);
    expect(statuses(t)).toEqual({ C1: 'offline', C2: 'online' });
    t.seek(T0 + 5000);
    expect(statuses(t)).toEqual({ C1: 'offline', C2: 'tampered' });
  });

  it('seeks backwards by undoing only the events it crosses, and reports each entity once', () => {
    const t = new ReplayTimeline(snapshot());
    t.append([deviceEvent(11, T0 + 1000, 'C1', 'offline'), deviceEvent(12, T0 + 2000, 'C1', 'online'), deviceEvent(13, T0 + 3000, 'C2', 'offline')]);
    t.seek(T0 + 3000);
    expect(t.cursor).toBe(3);
    const back = t.seek(T0 + 1500);
    expect(t.cursor).toBe(1);
    expect([...back.devices]).toEqual([
      ['C2', device('C2', 'online')],
      ['C1', device('C1', 'offline')],
    ]);
    expect(back.incidents.size).toBe(0);
    expect(t.seek(T0 + 1500).devices.size).toBe(0);
  });

  it('a device first heard of during the window is absent before it and keeps its registry name', () => {
    const t = new ReplayTimeline(snapshot());
    t.append([{ ...deviceEvent(11, T0 + 1000, 'C9', 'online'), lat: 21.1 }]);
    expect(t.seek(T0 + 2000).devices.get('C9')).toMatchObject({ id: 'C9', status: 'online', lat: 21.1, name: null });
    expect(t.deviceCount).toBe(3);
    expect(t.seek(T0).devices.get('C9')).toBeNull();
    expect(t.deviceCount).toBe(2);
  });

  it('incidents open, change and leave with their lifecycle, and come back when seeking back', () => {
    const opened = incidentFixture(5, { state: 'open' });
    const t = new ReplayTimeline(snapshot({ incidents: [incidentFixture(1, { state: 'acknowledged' }), incidentFixture(2, { state: 'resolved' })] }));
    t.append([
      incidentEvent(11, T0 + 1000, opened),
      incidentEvent(12, T0 + 2000, { ...opened, state: 'acknowledged' }),
      incidentEvent(13, T0 + 3000, { ...opened, state: 'resolved' }),
      incidentEvent(14, T0 + 3000, incidentFixture(1, { state: 'closed' })),
    ]);
    expect(incidentStates(t)).toEqual({ 1: 'acknowledged' });
    t.seek(T0 + 2500);
    expect(incidentStates(t)).toEqual({ 1: 'acknowledged', 5: 'acknowledged' });
    const end = t.seek(T0 + 3000);
    expect(incidentStates(t)).toEqual({});
    expect([...end.incidents]).toEqual([
      [5, null],
      [1, null],
    ]);
    t.seek(T0 + 1000);
    expect(incidentStates(t)).toEqual({ 1: 'acknowledged', 5: 'open' });
    expect(t.seek(T0).incidents.get(5)).toBeNull();
  });

  it('matches a fold from the snapshot at every time, in any order of seeks, across appended pages', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const ids = ['C1', 'C2', 'C3', 'C4'];
    const states: DeviceStatus[] = ['online', 'offline', 'degraded', 'tampered'];
    const events: ReplayEvent[] = [];
    for (let i = 0; i < 300; i++) {
      const at = T0 + i * 1000 + (i % 3 === 0 ? 0 : 500); // some share a millisecond
      events.push(
        i % 10 === 0
          ? incidentEvent(11 + i, at, incidentFixture(1 + (i % 4), { state: (['open', 'acknowledged', 'resolved'] as const)[Math.floor(random() * 3)] }))
          : deviceEvent(11 + i, at, ids[Math.floor(random() * ids.length)]!, states[Math.floor(random() * states.length)]!),
      );
    }
    const t = new ReplayTimeline(snapshot());
    t.append(events.slice(0, 120));
    t.append(events.slice(120));
    for (let k = 0; k < 200; k++) {
      const at = T0 - 1000 + Math.floor(random() * 302_000);
      t.seek(at);
      const fold = new ReplayTimeline(snapshot());
      fold.append(events.filter((e) => Date.parse(e.at) <= at));
      fold.moveTo(fold.length);
      expect(statuses(t)).toEqual(statuses(fold));
      expect(incidentStates(t)).toEqual(incidentStates(fold));
    }
  });

  it('follows the server boundary when log times race: everything up to the highest sseq logged by t', () => {
    const t = new ReplayTimeline(snapshot());
    // sseq 12 was logged with an earlier time than 11 (its transaction started first).
    t.append([deviceEvent(11, T0 + 2000, 'C1', 'offline'), deviceEvent(12, T0 + 1000, 'C2', 'offline'), deviceEvent(13, T0 + 3000, 'C1', 'online')]);
    expect(t.cursorAt(T0 + 500)).toBe(0);
    // 12 happened by then, so everything up to it (11 comes along: one transaction's length early).
    expect(t.cursorAt(T0 + 1000)).toBe(2);
    // Never backwards as time goes on: 12, logged earlier, stays applied.
    expect(t.cursorAt(T0 + 2000)).toBe(2);
    expect(t.cursorAt(T0 + 3000)).toBe(3);
  });

  it('follows the registry: a device provisioned later appears with its name, a revoked one goes, and both undo', () => {
    const t = new ReplayTimeline(snapshot());
    const n0 = t.deviceCount;
    const added = {
      id: 'C9',
      kind: 'camera' as const,
      status: 'unknown' as const,
      lat: 21.04,
      lon: 105.86,
      area: 'A051',
      name: 'Camera cổng chợ',
      address: 'Chợ Đồng Xuân',
    };
    t.append([
      { sseq: 11, at: new Date(T0 + 1000).toISOString(), type: 'registry', change: 'added', device: added },
      deviceEvent(12, T0 + 2000, 'C9', 'online'),
      { sseq: 13, at: new Date(T0 + 3000).toISOString(), type: 'registry', change: 'revoked', device: { ...added, status: 'online' } },
    ]);
    let changes = t.seek(T0 + 2000);
    expect(changes.devices.get('C9')).toMatchObject({ status: 'online', name: 'Camera cổng chợ', address: 'Chợ Đồng Xuân' });
    expect(t.deviceCount).toBe(n0 + 1);
    changes = t.seek(T0 + 3000);
    expect(changes.devices.get('C9')).toBeNull();
    expect(t.deviceCount).toBe(n0);
    changes = t.seek(T0 + 500);
    expect(changes.devices.get('C9')).toBeNull();
    expect([...t.devices()].some((d) => d.id === 'C9')).toBe(false);
    t.seek(T0 + 1500);
    expect([...t.devices()].find((d) => d.id === 'C9')).toMatchObject({ status: 'unknown', name: 'Camera cổng chợ' });
  });

  it('knows how far history is loaded, and refuses events out of order', () => {
    const t = new ReplayTimeline(snapshot());
    expect([t.loadedUntil, t.lastSseq]).toEqual([T0, 10]);
    t.append([deviceEvent(11, T0 + 4000, 'C1', 'offline')]);
    expect([t.loadedUntil, t.lastSseq]).toEqual([T0 + 4000, 11]);
    expect(() => t.append([deviceEvent(11, T0 + 5000, 'C1', 'online')])).toThrow(/not after 11/);
  });
});
