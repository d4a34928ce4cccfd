import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from './default-rules.ts';
import { RULE_KINDS } from './rule.ts';
import { RuleEngine, type EngineInput } from './rule-engine.ts';
import type { LastSeen } from './heartbeat-watch.ts';
import type { EngineAction } from './evaluate.ts';

const SEC = 1000;
const MIN = 60 * SEC;
const T0 = Date.parse('2026-11-21T01:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const opens = (actions: EngineAction[]) => actions.filter((a) => a.type === 'open');
const place = { area: 'A001', lat: 21.03, lon: 105.85, address: 'Số 12 Phố mẫu, Khu vực mẫu 001' };

function fire(event: 'alarm' | 'fault' | 'supervisory' | 'restore' | 'test', at: number, zone?: string): EngineInput {
  return { type: 'fire.event', deviceId: 'FA-0001', seq: 1, event, at: iso(at), ...place, ...(zone ? { zone } : {}) };
}
const device = (id: string, kind: LastSeen['kind'], lastSeenAt: number | null, area = 'A001'): LastSeen => ({
  id,
  kind,
  area,
  lat: 21.03,
  lon: 105.85,
  lastSeenAt,
});

/** Ticks once a second from `from` to `to` (inclusive); returns the first time something opened. */
function firstOpen(engine: RuleEngine, from: number, to: number, devices: LastSeen[]): { at: number; action: EngineAction } | null {
  for (let now = from; now <= to; now += SEC) {
    const [action] = opens(engine.tick(now, devices));
    if (action) return { at: now, action };
  }
  return null;
}

describe('default rules', () => {
  it('ship one valid, JSON-serialisable rule per issue-3 requirement, ids unique', () => {
    const ids = DEFAULT_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(DEFAULT_RULES.map((r) => r.kind))).toEqual(new Set(RULE_KINDS));
    expect(JSON.parse(JSON.stringify(DEFAULT_RULES))).toEqual(DEFAULT_RULES);
  });

  it('fire alarm: a critical incident at once; another alarm is a repeat; restore notes the recovery but leaves it open', () => {
    const engine = new RuleEngine(DEFAULT_RULES);
    const [open, ...rest] = engine.observe(fire('alarm', T0, 'Tầng 3'), T0);
    expect(rest).toEqual([]);
    expect(open).toMatchObject({
      type: 'open',
      signal: { kind: 'fire_alarm', severity: 'critical', dedupKey: 'fire_alarm:FA-0001', deviceId: 'FA-0001', area: 'A001' },
    });
    expect(open!.signal.title).toBe('Báo cháy — Số 12 Phố mẫu, Khu vực mẫu 001 (Tầng 3)');
    expect(open!.signal.at.toISOString()).toBe(iso(T0));
    expect(engine.observe(fire('alarm', T0 + 20 * SEC), T0 + 20 * SEC).map((a) => a.type)).toEqual(['repeat']);
    expect(engine.observe(fire('test', T0 + 30 * SEC), T0 + 30 * SEC)).toEqual([]);
    const [restored] = engine.observe(fire('restore', T0 + 5 * MIN), T0 + 5 * MIN);
    expect(restored).toMatchObject({ type: 'resolve', autoResolve: false, signal: { dedupKey: 'fire_alarm:FA-0001' } });
  });

  it('fault and supervisory: a warning that a restore resolves', () => {
    const engine = new RuleEngine(DEFAULT_RULES);
    expect(engine.observe(fire('supervisory', T0), T0)).toMatchObject([
      {
        type: 'open',
        signal: { kind: 'fire_fault', severity: 'warning', dedupKey: 'fire_fault:FA-0001', title: 'Sự cố tủ báo cháy — Số 12 Phố mẫu, Khu vực mẫu 001' },
      },
    ]);
    expect(engine.observe(fire('restore', T0 + MIN), T0 + MIN)).toMatchObject([{ type: 'resolve', autoResolve: true, signal: { kind: 'fire_fault' } }]);
  });

  it('fire panel heartbeat stops: communication trouble at 5 + 5 min of silence, not before; resolves when heard again', () => {
    const engine = new RuleEngine(DEFAULT_RULES);
    const panel = [device('FA-0001', 'fire', T0)];
    const hit = firstOpen(engine, T0, T0 + 11 * MIN, panel);
    expect(hit?.at).toBe(T0 + 10 * MIN);
    expect(hit?.action.signal).toMatchObject({
      kind: 'fire_comm_trouble',
      severity: 'major',
      dedupKey: 'fire_comm_trouble:FA-0001',
      title: 'Mất liên lạc tủ báo cháy — FA-0001',
    });
    const back = T0 + 12 * MIN;
    expect(engine.tick(back, [device('FA-0001', 'fire', back)])).toMatchObject([{ type: 'resolve', signal: { kind: 'fire_comm_trouble' } }]);
  });

  it('camera silent past its heartbeat: offline at 30 + 60 s of silence, not a second before', () => {
    const engine = new RuleEngine(DEFAULT_RULES);
    const hit = firstOpen(engine, T0, T0 + 3 * MIN, [device('CAM-0001', 'camera', T0)]);
    expect(hit?.at).toBe(T0 + 90 * SEC);
    expect(hit?.action.signal).toMatchObject({
      kind: 'camera_offline',
      severity: 'warning',
      dedupKey: 'camera_offline:CAM-0001',
      title: 'Camera mất kết nối — CAM-0001',
    });
  });

  it('camera tampered: a major incident at once; back online for 5 min notes the recovery for a person to close', () => {
    const engine = new RuleEngine(DEFAULT_RULES);
    const status = (s: string, at: number): EngineInput => ({ type: 'device.status', id: 'CAM-0002', kind: 'camera', status: s, at: iso(at), ...place });
    expect(engine.observe(status('tampered', T0), T0)).toMatchObject([
      { type: 'open', signal: { kind: 'camera_tampered', severity: 'major', dedupKey: 'camera_tampered:CAM-0002' } },
    ]);
    expect(engine.observe(status('online', T0 + MIN), T0 + MIN)).toEqual([]);
    expect(engine.tick(T0 + 5 * MIN)).toEqual([]);
    expect(engine.tick(T0 + 6 * MIN)).toMatchObject([{ type: 'resolve', autoResolve: false }]);
  });

  it('queue overload: only after 10 sustained minutes of ≥ 40 waiting, with the numbers in the title', () => {
    const engine = new RuleEngine(DEFAULT_RULES);
    const load = (waiting: number, at: number): EngineInput => ({
      type: 'queue.load',
      id: 'Q-001',
      waiting,
      serving: 3,
      countersOpen: 3,
      avgWaitSec: 1500,
      at: iso(at),
      name: 'Bộ phận một cửa phường mẫu',
    });
    const seen: EngineAction[] = [];
    for (let m = 0; m < 10; m++) seen.push(...engine.observe(load(45, T0 + m * MIN), T0 + m * MIN), ...engine.tick(T0 + m * MIN + 30 * SEC));
    expect(seen).toEqual([]);
    const [open] = engine.observe(load(46, T0 + 10 * MIN), T0 + 10 * MIN);
    expect(open?.signal).toMatchObject({
      kind: 'queue_overload',
      severity: 'warning',
      dedupKey: 'queue_overload:Q-001',
      title: 'Quá tải hàng chờ — Bộ phận một cửa phường mẫu (46 người chờ, TB 25 phút)',
    });
  });

  it('queue overload: a spike that drops below 32 waiting restarts the clock; recovery resolves after 5 calm minutes', () => {
    const engine = new RuleEngine(DEFAULT_RULES);
    const load = (waiting: number, m: number) =>
      engine.observe({ type: 'queue.load', id: 'Q-003', waiting, serving: 2, countersOpen: 2, avgWaitSec: 600, at: iso(T0 + m * MIN) }, T0 + m * MIN);
    const seen = [...load(50, 0), ...load(20, 8), ...load(50, 9), ...load(35, 15)]; // 35 is inside the band: still pending
    expect(seen).toEqual([]);
    expect(load(50, 19).map((a) => a.type)).toEqual(['open']);
    expect([...load(10, 20), ...engine.tick(T0 + 24 * MIN)]).toEqual([]);
    expect(engine.tick(T0 + 25 * MIN).map((a) => [a.type, a.signal.dedupKey])).toEqual([['resolve', 'queue_overload:Q-003']]);
  });

  it('queue: a kiosk silent for 10 min is in state nodata, which opens nothing', () => {
    const engine = new RuleEngine(DEFAULT_RULES);
    engine.observe({ type: 'queue.load', id: 'Q-004', waiting: 3, serving: 1, countersOpen: 1, avgWaitSec: 60, at: iso(T0) }, T0);
    expect(engine.tick(T0 + 10 * MIN)).toEqual([]);
    expect(engine.states()).toMatchObject([{ subject: 'Q-004', state: 'nodata' }]);
  });

  it('queue overload: an average wait of 45 min counts as much as the head count', () => {
    const engine = new RuleEngine(DEFAULT_RULES);
    const load = (at: number): EngineInput => ({ type: 'queue.load', id: 'Q-002', waiting: 12, serving: 1, countersOpen: 1, avgWaitSec: 45 * 60, at: iso(at) });
    engine.observe(load(T0), T0);
    expect(opens(engine.observe(load(T0 + 10 * MIN), T0 + 10 * MIN))).toHaveLength(1);
  });

  it('transit: a token accepted at two readers inside 60 s is one fraud incident naming both readers', () => {
    const engine = new RuleEngine(DEFAULT_RULES);
    const tap = (id: string, at: number, result: 'accepted' | 'rejected' = 'accepted'): EngineInput => ({
      type: 'transit.tap',
      id,
      token: 'QR-7f3a',
      result,
      routeId: 'BRT01',
      at: iso(at),
      area: 'A001',
    });
    expect(engine.observe(tap('TR-0001', T0), T0)).toEqual([]);
    const actions = engine.observe(tap('TR-0002', T0 + 40 * SEC), T0 + 40 * SEC);
    expect(opens(actions)).toMatchObject([{ signal: { kind: 'qr_fraud', severity: 'warning', dedupKey: 'qr_fraud:QR-7f3a', deviceId: 'TR-0002' } }]);
    expect(opens(actions)[0]!.signal.title).toContain('TR-0001, TR-0002');
    expect(opens(engine.observe(tap('TR-0003', T0 + 50 * SEC), T0 + 50 * SEC))).toEqual([]);
  });

  it('transit: a token rejected then accepted is no fraud, nor one accepted again after its 60 s window', () => {
    const engine = new RuleEngine(DEFAULT_RULES);
    const tap = (token: string, at: number, result: 'accepted' | 'rejected'): EngineInput => ({
      type: 'transit.tap',
      id: 'TR-0001',
      token,
      result,
      routeId: 'BRT01',
      at: iso(at),
    });
    const all = [
      ...engine.observe(tap('QR-a', T0, 'rejected'), T0),
      ...engine.observe(tap('QR-a', T0 + 5 * SEC, 'accepted'), T0 + 5 * SEC),
      ...engine.observe(tap('QR-b', T0, 'accepted'), T0),
      ...engine.observe(tap('QR-b', T0 + 61 * SEC, 'accepted'), T0 + 61 * SEC),
    ];
    expect(all.filter((a) => a.signal.kind === 'qr_fraud')).toEqual([]);
  });

  it('transit: a reader rejecting more than 30 % of at least 20 taps in 5 min opens one incident', () => {
    const engine = new RuleEngine(DEFAULT_RULES);
    const tap = (i: number, result: 'accepted' | 'rejected'): EngineInput => ({
      type: 'transit.tap',
      id: 'TR-0009',
      token: `QR-${i}`,
      result,
      routeId: 'BRT01',
      at: iso(T0 + i * 5 * SEC),
    });
    const seen: EngineAction[] = [];
    for (let i = 0; i < 19; i++) seen.push(...engine.observe(tap(i, i % 2 ? 'rejected' : 'accepted'), T0 + i * 5 * SEC));
    expect(seen).toEqual([]); // 9 of 19 rejected: too few taps to judge
    const [open] = engine.observe(tap(19, 'accepted'), T0 + 19 * 5 * SEC);
    expect(open?.signal).toMatchObject({
      kind: 'transit_rejections',
      severity: 'warning',
      dedupKey: 'transit_rejections:TR-0009',
      title: 'Tỷ lệ từ chối vé cao — đầu đọc TR-0009 (45% trên 20 lượt)',
    });
  });

  it(
    'transit: the reader-silent rule ships disabled (no service hours yet)' +
      ', and when enabled a reader without a tap for 10 + 5 min is reported silent (info)',
    () => {
      expect(new RuleEngine(DEFAULT_RULES).tick(T0 + 60 * MIN, [device('TR-0004', 'transit', T0)])).toEqual([]);
      const engine = new RuleEngine(DEFAULT_RULES.map((r) => (r.id === 'reader-silent' ? { ...r, enabled: true } : r)));
      const hit = firstOpen(engine, T0, T0 + 16 * MIN, [device('TR-0004', 'transit', T0)]);
      expect(hit?.at).toBe(T0 + 15 * MIN);
      expect(hit?.action.signal).toMatchObject({ kind: 'reader_silent', severity: 'info', dedupKey: 'reader_silent:TR-0004' });
    },
  );

  it('hotline: 114 and 115 tickets are critical incidents, 113 major, 1022 none; closing the ticket resolves', () => {
    const engine = new RuleEngine(DEFAULT_RULES);
    const ticket = (id: number, line: '1022' | '113' | '114' | '115', state: 'received' | 'closed' = 'received'): EngineInput => ({
      type: 'ticket',
      id,
      line,
      category: 'cháy nhà',
      state,
      lat: 21.02,
      lon: 105.84,
      address: 'Ngõ mẫu 5',
      at: iso(T0),
    });
    const got = [1, 2, 3, 4].flatMap((id) => engine.observe(ticket(id, (['1022', '113', '114', '115'] as const)[id - 1]!), T0));
    expect(got.map((a) => [a.type, a.signal.dedupKey, a.signal.severity])).toEqual([
      ['open', 'hotline:2', 'major'],
      ['open', 'hotline:3', 'critical'],
      ['open', 'hotline:4', 'critical'],
    ]);
    expect(got[1]!.signal.title).toBe('Đường dây 114 — cháy nhà: Ngõ mẫu 5');
    expect(engine.observe(ticket(3, '114', 'closed'), T0 + MIN)).toMatchObject([{ type: 'resolve', signal: { dedupKey: 'hotline:3' } }]);
  });
});
