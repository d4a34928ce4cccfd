import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';
import { DEFAULT_RULES } from './default-rules.ts';
import type { AnyRule } from './rule.ts';
import type { Observation } from './observation.ts';
import type { AlertState } from './state.ts';

const rule = (id: string) => DEFAULT_RULES.find((r) => r.id === id)! as AnyRule;
const T0 = Date.parse('2026-11-21T01:00:00.000Z');
const offline = (id: string, at: number): Observation => ({ type: 'device.status', id, kind: 'camera', status: 'offline', at, area: 'A001' });

describe('evaluate', () => {
  it('opens a pending alert once its forDuration has passed on a tick, with the time it fired', () => {
    const r = rule('camera-offline');
    const first = evaluate(r, null, offline('CAM-1', T0), T0);
    expect(first).toMatchObject({ actions: [], state: { state: 'pending', subject: 'CAM-1' } });
    expect(evaluate(r, first.state, { type: 'tick' }, T0 + 119_999).actions).toEqual([]);
    const fired = evaluate(r, first.state, { type: 'tick' }, T0 + 120_000);
    expect(fired.actions).toMatchObject([
      { type: 'open', ruleId: 'camera-offline', autoResolve: true, signal: { dedupKey: 'camera_offline:CAM-1', area: 'A001' } },
    ]);
    expect(fired.actions[0]!.signal.at.getTime()).toBe(T0 + 120_000);
  });

  it('holds back an open that a suppressor claims, and opens once it lets go while the condition still holds', () => {
    const r = rule('camera-tampered');
    const tampered: Observation = { type: 'device.status', id: 'CAM-1', kind: 'camera', status: 'tampered', at: T0, area: 'A001' };
    const held = evaluate(r, null, tampered, T0, { suppress: () => 'area_outage:A001' });
    expect(held).toMatchObject({ actions: [], state: { state: 'firing', incident: 'suppressed', suppressedBy: 'area_outage:A001' } });
    const released = evaluate(r, held.state, { type: 'tick' }, T0 + 1000, { suppress: () => null });
    expect(released.actions.map((a) => a.type)).toEqual(['open']);
    expect(released.state).toMatchObject({ incident: 'open', suppressedBy: null });
  });

  it('a suppressed alert that recovers resolves nothing (nothing was opened)', () => {
    const r = rule('camera-tampered');
    let s = evaluate(r, null, { type: 'device.status', id: 'C', kind: 'camera', status: 'tampered', at: T0 }, T0, { suppress: () => 'x' }).state;
    s = evaluate(r, s, { type: 'device.status', id: 'C', kind: 'camera', status: 'online', at: T0 + 1 }, T0 + 1, { suppress: () => 'x' }).state;
    const done = evaluate(r, s, { type: 'tick' }, T0 + 600_000, { suppress: () => 'x' });
    expect(done).toMatchObject({ actions: [], state: { state: 'normal', incident: 'none' } });
  });

  it('a replay is a pulse: open, then recovering at once; the same token again inside recoverAfter is a repeat', () => {
    const r = rule('transit-replay');
    const replay = (at: number): Observation => ({
      type: 'transit.replay',
      token: 'QR-1',
      first: { deviceId: 'TR-1', at: T0 },
      second: { deviceId: 'TR-2', at },
      at,
    });
    const a = evaluate(r, null, replay(T0 + 10_000), T0 + 10_000);
    expect(a.actions.map((x) => x.type)).toEqual(['open']);
    expect(a.state?.state).toBe('recovering');
    expect(evaluate(r, a.state, replay(T0 + 20_000), T0 + 20_000).actions.map((x) => x.type)).toEqual(['repeat']);
    const later = evaluate(r, a.state, { type: 'tick' }, T0 + 10_000 + 600_000);
    expect(later.actions).toMatchObject([{ type: 'resolve', autoResolve: false }]);
  });

  it('a rule switched off for a device recovers whatever it had open there', () => {
    const base = rule('camera-tampered') as AnyRule & { kind: 'device-status' };
    const r = { ...base, recoverAfterMs: 0, overrides: { byDevice: { C: { enabled: false } } } } as AnyRule;
    const firing: AlertState = { ...evaluate(base, null, { type: 'device.status', id: 'C', kind: 'camera', status: 'tampered', at: T0 }, T0).state! };
    expect(evaluate(r, firing, { type: 'device.status', id: 'C', kind: 'camera', status: 'tampered', at: T0 + 1 }, T0 + 1).actions.map((a) => a.type)).toEqual([
      'resolve',
    ]);
  });

  it('never throws: bad clock, bad input, a state for another subject, a rule with broken params', () => {
    const r = rule('fire-alarm');
    const fire: Observation = { type: 'fire.event', deviceId: 'FA-1', event: 'alarm', at: 'not a time' };
    expect(evaluate(r, null, fire, Number.NaN)).toMatchObject({ actions: [], error: expect.any(String) });
    expect(evaluate(r, null, null as unknown as Observation, T0)).toMatchObject({ state: null, actions: [], error: expect.any(String) });
    expect(evaluate(r, null, { type: 'queue.load' } as Observation, T0).actions).toEqual([]);
    const other = evaluate(r, null, { ...fire, deviceId: 'FA-2' }, T0).state;
    expect(evaluate(r, other, fire, T0)).toMatchObject({ state: other, actions: [], error: expect.stringContaining('FA-2') });
    const broken = { ...r, params: {} } as unknown as AnyRule;
    expect(evaluate(broken, null, fire, T0)).toMatchObject({ state: null, actions: [], error: expect.any(String) });
    // An unreadable event time falls back to the clock rather than an Invalid Date on the incident.
    expect(evaluate(r, null, fire, T0).actions[0]!.signal.at.getTime()).toBe(T0);
  });
});
