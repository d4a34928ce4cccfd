import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from './default-rules.ts';
import { RuleEngine, type EngineInput } from './rule-engine.ts';
import type { EngineAction } from './evaluate.ts';
import type { LastSeen } from './heartbeat-watch.ts';
import type { AnyRule } from './rule.ts';

const SEC = 1000;
const MIN = 60 * SEC;
const T0 = Date.parse('2026-11-21T01:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const ofType = (actions: EngineAction[], type: EngineAction['type'], kind?: string) =>
  actions.filter((a) => a.type === type && (kind === undefined || a.signal.kind === kind));
const status = (id: string, s: string, at: number, area = 'A001'): EngineInput => ({
  type: 'device.status',
  id,
  kind: 'camera',
  status: s,
  at: iso(at),
  area,
  lat: 21.03,
  lon: 105.85,
});
const cam = (i: number) => `CAM-${String(i).padStart(4, '0')}`;
const fleet = (n: number, lastSeenAt: (i: number) => number | null, area = 'A001'): LastSeen[] =>
  Array.from({ length: n }, (_, i) => ({ id: cam(i), kind: 'camera', area, lat: 21.03, lon: 105.85, lastSeenAt: lastSeenAt(i) }));

/** Drives the engine: one tick every `stepMs` over [from, to], collecting every action. */
function run(engine: RuleEngine, from: number, to: number, stepMs: number, devices: (now: number) => LastSeen[] = () => []): EngineAction[] {
  const all: EngineAction[] = [];
  for (let now = from; now <= to; now += stepMs) all.push(...engine.tick(now, devices(now)));
  return all;
}

describe('rule engine: flapping cameras', () => {
  it('a camera that flaps ten times (3 min down, 1 min up) opens exactly one incident and resolves once, 5 min after it settles', () => {
    const engine = new RuleEngine(DEFAULT_RULES);
    const all: EngineAction[] = [];
    let t = T0;
    for (let flap = 0; flap < 10; flap++) {
      all.push(...engine.observe(status('CAM-0001', 'offline', t), t), ...run(engine, t + 30 * SEC, t + 3 * MIN - 1, 30 * SEC));
      t += 3 * MIN;
      all.push(...engine.observe(status('CAM-0001', 'online', t), t), ...run(engine, t + 30 * SEC, t + MIN - 1, 30 * SEC));
      t += MIN;
    }
    all.push(...run(engine, t, t + 10 * MIN, 30 * SEC));
    expect(ofType(all, 'open')).toHaveLength(1);
    expect(ofType(all, 'open')[0]!.signal).toMatchObject({ kind: 'camera_offline', dedupKey: 'camera_offline:CAM-0001', at: new Date(T0 + 2 * MIN) });
    expect(ofType(all, 'repeat')).toHaveLength(9);
    const resolves = ofType(all, 'resolve');
    expect(resolves).toHaveLength(1);
    expect(resolves[0]!.signal.at.getTime()).toBe(t - MIN + 5 * MIN);
  });

  it('a camera flapping faster than its 2 min group wait still opens one incident, on its third fall (flap detection)', () => {
    const engine = new RuleEngine(DEFAULT_RULES);
    const all: EngineAction[] = [];
    for (let flap = 0; flap < 10; flap++) {
      const t = T0 + flap * MIN;
      all.push(...engine.observe(status('CAM-0001', 'offline', t), t), ...engine.observe(status('CAM-0001', 'online', t + 30 * SEC), t + 30 * SEC));
    }
    expect(ofType(all, 'open')).toHaveLength(1);
    expect(ofType(all, 'open')[0]!.signal.at.getTime()).toBe(T0 + 2 * MIN);
  });

  it('one offline blip shorter than the group wait opens nothing and leaves no state behind', () => {
    const engine = new RuleEngine(DEFAULT_RULES);
    const all = [...engine.observe(status('CAM-0001', 'offline', T0), T0), ...engine.observe(status('CAM-0001', 'online', T0 + MIN), T0 + MIN)];
    all.push(...run(engine, T0 + MIN, T0 + 20 * MIN, MIN));
    expect(all).toEqual([]);
    expect(engine.states()).toEqual([]);
  });
});

describe('rule engine: area outage', () => {
  it('30 cameras of one area reporting offline together open one area outage and no per-camera incident', () => {
    const engine = new RuleEngine(DEFAULT_RULES);
    const devices = fleet(90, () => null);
    engine.tick(T0, devices);
    const all: EngineAction[] = [];
    for (let i = 0; i < 30; i++) all.push(...engine.observe(status(cam(i), 'offline', T0 + i * SEC), T0 + i * SEC));
    all.push(...run(engine, T0 + 30 * SEC, T0 + 10 * MIN, 5 * SEC, () => devices));
    expect(ofType(all, 'open').map((a) => a.signal.dedupKey)).toEqual(['area_outage:A001']);
    const [outage] = ofType(all, 'open');
    // 30 % of the area's 90 cameras is 27: the outage opens on the 27th.
    expect(outage!.signal).toMatchObject({ kind: 'area_outage', severity: 'major', area: 'A001', at: new Date(T0 + 26 * SEC) });
    expect(outage!.signal.title).toBe('Mất tín hiệu hàng loạt camera — khu vực A001 (27/90)');
    const cameras = engine.states().filter((s) => s.ruleId === 'camera-offline');
    expect(cameras.map((s) => [s.state, s.incident, s.suppressedBy])).toEqual(Array(30).fill(['firing', 'suppressed', 'area_outage:A001']));
  });

  it('30 cameras of one area going silent (power cut) open one area outage and no per-camera incident', () => {
    const engine = new RuleEngine(DEFAULT_RULES);
    const cutAt = T0 + 5 * MIN;
    // Heartbeats every 30 s in staggered phases until the cut; ten cameras elsewhere in the area stay up.
    const devices = (now: number) => fleet(40, (i) => (i >= 30 ? now : Math.min(now, cutAt) - ((i * 1000) % 30_000)));
    const all = run(engine, T0, T0 + 15 * MIN, 5 * SEC, devices);
    expect(ofType(all, 'open').map((a) => a.signal.dedupKey)).toEqual(['area_outage:A001']);
    expect(ofType(all, 'open', 'camera_offline')).toEqual([]);
  });

  it('when the area comes back the outage resolves, and a camera still down then gets its own incident', () => {
    const engine = new RuleEngine(DEFAULT_RULES);
    const devices = fleet(30, () => null);
    engine.tick(T0, devices);
    for (let i = 0; i < 12; i++) engine.observe(status(cam(i), 'offline', T0), T0);
    const back = T0 + 10 * MIN;
    const all: EngineAction[] = run(engine, T0 + 5 * SEC, back, 5 * SEC, () => devices);
    for (let i = 0; i < 11; i++) all.push(...engine.observe(status(cam(i), 'online', back), back));
    all.push(...run(engine, back + 5 * SEC, back + 10 * MIN, 5 * SEC, () => devices));
    expect(ofType(all, 'resolve', 'area_outage')).toHaveLength(1);
    expect(ofType(all, 'open', 'camera_offline').map((a) => a.signal.dedupKey)).toEqual(['camera_offline:CAM-0011']);
    expect(ofType(all, 'resolve', 'camera_offline')).toEqual([]);
  });

  it('a few cameras down in a large area are separate incidents, no outage', () => {
    const engine = new RuleEngine(DEFAULT_RULES);
    const devices = fleet(100, () => null);
    engine.tick(T0, devices);
    const all: EngineAction[] = [];
    for (let i = 0; i < 12; i++) all.push(...engine.observe(status(cam(i), 'offline', T0), T0)); // 12 % < 30 %
    all.push(...run(engine, T0 + 5 * SEC, T0 + 3 * MIN, 5 * SEC, () => devices));
    expect(ofType(all, 'open', 'area_outage')).toEqual([]);
    expect(ofType(all, 'open', 'camera_offline')).toHaveLength(12);
  });
});

describe('rule engine: state and rules', () => {
  it('exposes plain-JSON alert states in Grafana vocabulary', () => {
    const engine = new RuleEngine(DEFAULT_RULES);
    engine.observe(status('CAM-0001', 'offline', T0), T0);
    const [s] = engine.states();
    expect(s).toMatchObject({ ruleId: 'camera-offline', subject: 'CAM-0001', state: 'pending', activeSince: T0, incident: 'none' });
    expect(JSON.parse(JSON.stringify(engine.states()))).toEqual(engine.states());
  });

  it('resumes after a restart from the states it handed out: a pending camera still opens on time, once', () => {
    const before = new RuleEngine(DEFAULT_RULES);
    before.observe(status('CAM-0001', 'offline', T0), T0);
    const saved = JSON.parse(JSON.stringify(before.takeChanges().upserted));
    const after = new RuleEngine(DEFAULT_RULES);
    after.load(saved);
    expect(after.tick(T0 + 2 * MIN - 1)).toEqual([]);
    expect(ofType(after.tick(T0 + 2 * MIN), 'open').map((a) => a.signal.dedupKey)).toEqual(['camera_offline:CAM-0001']);
    expect(after.takeChanges().upserted.map((s) => [s.subject, s.state, s.incident])).toEqual([['CAM-0001', 'firing', 'open']]);
  });

  it('a silence holds back opens; when it ends, an alert still firing opens, one that recovered never does', () => {
    const engine = new RuleEngine(DEFAULT_RULES);
    let silenced = true;
    engine.setSilencer((s) => (silenced && s.area === 'A001' ? 'maintenance:A001' : null));
    const fire = (id: string, event: 'fault' | 'restore', at: number): EngineInput => ({ type: 'fire.event', deviceId: id, event, at: iso(at), area: 'A001' });
    const held = [
      ...engine.observe(fire('FA-1', 'fault', T0), T0),
      ...engine.observe(fire('FA-2', 'fault', T0), T0),
      ...engine.observe(fire('FA-2', 'restore', T0 + MIN), T0 + MIN),
    ];
    expect(held).toEqual([]);
    silenced = false;
    expect(engine.tick(T0 + 2 * MIN).map((a) => [a.type, a.signal.dedupKey])).toEqual([['open', 'fire_fault:FA-1']]);
  });

  it('a per-area override changes the threshold for that area only', () => {
    const rules = DEFAULT_RULES.map((r) => (r.id === 'fire-comm-trouble' ? { ...r, overrides: { byArea: { A002: { forDurationMs: 0 } } } } : r)) as AnyRule[];
    const engine = new RuleEngine(rules);
    const panels: LastSeen[] = [
      { id: 'FA-1', kind: 'fire', area: 'A001', lastSeenAt: T0 },
      { id: 'FA-2', kind: 'fire', area: 'A002', lastSeenAt: T0 },
    ];
    const at6 = ofType(
      run(engine, T0, T0 + 6 * MIN, 30 * SEC, () => panels),
      'open',
    );
    expect(at6.map((a) => a.signal.dedupKey)).toEqual(['fire_comm_trouble:FA-2']);
  });

  it('survives rules whose params a bad edit emptied: nothing opens, nothing throws', () => {
    const broken = DEFAULT_RULES.map((r) => ({ ...r, params: {}, overrides: { byArea: { A001: 'x' } } })) as unknown as AnyRule[];
    const engine = new RuleEngine(broken);
    const inputs: EngineInput[] = [
      status('CAM-0001', 'offline', T0),
      { type: 'fire.event', deviceId: 'FA-1', event: 'alarm', at: iso(T0) },
      { type: 'transit.tap', id: 'TR-1', token: 'QR', result: 'accepted', at: iso(T0) },
      { type: 'ticket', id: 1, line: '114', category: 'x', state: 'received', at: iso(T0) },
    ];
    const all = inputs.flatMap((i) => engine.observe(i, T0));
    all.push(...run(engine, T0, T0 + 30 * MIN, MIN, () => fleet(3, () => T0)));
    expect(all).toEqual([]);
  });

  it('counts unreadable inputs instead of throwing', () => {
    const engine = new RuleEngine(DEFAULT_RULES);
    const junk = [null, { type: 'fire.event' }, { type: 'queue.load', id: 'Q', waiting: 'lots' }, { type: 'nope' }] as unknown as EngineInput[];
    for (const j of junk) expect(() => engine.observe(j, T0)).not.toThrow();
    expect(engine.observe({ type: 'queue.load', id: 'Q', waiting: 'lots' } as unknown as EngineInput, T0)).toEqual([]);
    expect(() => engine.tick(Number.NaN)).not.toThrow();
    expect(engine.errors).toBeGreaterThan(0);
  });
});

describe('rule engine: silences and escalation chains', () => {
  it('holds an open while silenced, then opens it with heldBy on the first tick after the silence ends', () => {
    const engine = new RuleEngine(DEFAULT_RULES);
    let silenced = true;
    engine.setSilencer((s) => (silenced && s.area === 'A001' ? 'silence:4' : null));
    expect(engine.observe(status('CAM-0007', 'tampered', T0), T0)).toEqual([]);
    expect(engine.states().find((s) => s.ruleId === 'camera-tampered')).toMatchObject({ state: 'firing', incident: 'suppressed', suppressedBy: 'silence:4' });
    expect(engine.tick(T0 + MIN)).toEqual([]);
    silenced = false;
    const [open] = ofType(engine.tick(T0 + 2 * MIN), 'open');
    expect(open?.signal).toMatchObject({ kind: 'camera_tampered', deviceId: 'CAM-0007', data: { heldBy: 'silence:4', heldSince: iso(T0) } });
  });

  it('gives a fire alarm the 60 s chain, other critical incidents the default chain, and warnings none', () => {
    const engine = new RuleEngine(DEFAULT_RULES);
    const fire = engine.observe({ type: 'fire.event', deviceId: 'FA-0001', event: 'alarm', at: iso(T0), area: 'A001' }, T0);
    expect(fire[0]!.signal.escalation).toEqual([
      { afterMs: 60 * SEC, notify: 'supervisor' },
      { afterMs: 3 * MIN, notify: 'admin' },
    ]);
    const ticket = engine.observe({ type: 'ticket', id: 9, line: '115', category: 'cấp cứu', state: 'received', at: iso(T0) }, T0);
    expect(ticket[0]!.signal).toMatchObject({
      severity: 'critical',
      escalation: [
        { afterMs: 2 * MIN, notify: 'supervisor' },
        { afterMs: 5 * MIN, notify: 'admin' },
      ],
    });
    const tampered = engine.observe(status('CAM-0008', 'tampered', T0), T0);
    expect(tampered[0]!.signal).toMatchObject({ severity: 'major', escalation: [] });
  });
});
