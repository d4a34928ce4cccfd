import { describe, expect, it } from 'vitest';
import { fireBehaviour, FIRE_HEARTBEAT_MS } from './fire.ts';
import { drive, invalidPayloads, spec } from './test-drive.ts';
import { vnTime } from '../core/local-time.ts';
import { createRng } from '../core/rng.ts';

const DAY = 24 * 3600_000;
const start = vnTime('2026-11-23', 0);

describe('fire panel behaviour', () => {
  it('sends a valid heartbeat about every 5 minutes', () => {
    const panel = spec('fire', 'FA-A001-0001');
    const { payloads } = drive(fireBehaviour, panel, start, DAY);
    expect(invalidPayloads('fire', panel.id, payloads)).toEqual([]);
    const beats = payloads.filter((p) => p.event === 'heartbeat');
    expect(beats.length).toBeGreaterThan(270);
    expect(beats.length).toBeLessThan(300);
    expect(Number(beats[1]!.ts) - Number(beats[0]!.ts)).toBeGreaterThan(0.9 * FIRE_HEARTBEAT_MS);
  });

  it('across many panels, raises rare faults and supervisory signals that restore by themselves', () => {
    const events = new Map<string, number>();
    for (let i = 0; i < 60; i++) {
      const { payloads } = drive(fireBehaviour, spec('fire', `FA-T-${i}`), start, 7 * DAY, 5);
      expect(payloads.every((p, k) => k === 0 || p.seq === payloads[k - 1]!.seq + 1)).toBe(true);
      for (const p of payloads) events.set(p.event, (events.get(p.event) ?? 0) + 1);
    }
    expect(events.get('fault') ?? 0).toBeGreaterThan(0);
    expect(events.get('restore') ?? 0).toBeGreaterThan(0);
    expect(events.get('alarm') ?? 0).toBeLessThan(3);
    expect((events.get('heartbeat') ?? 0) / [...events.values()].reduce((a, b) => a + b)).toBeGreaterThan(0.98);
  });

  it('follows a scripted alarm until a scripted restore, with heartbeats in between', () => {
    const panel = spec('fire', 'FA-A001-0002');
    const rng = createRng(9);
    const init = fireBehaviour.init(panel, start, rng);
    const alarm = fireBehaviour.inject(init.state, { event: 'alarm', zone: 'Tầng 2', detector: 'heat', temperatureC: 71 }, start + 1000);
    expect(alarm.payload).toMatchObject({ event: 'alarm', seq: init.state.seq, ts: start + 1000, temperatureC: 71 });
    let state = alarm.state;
    const later: string[] = [];
    let now = start + init.delayMs;
    for (let i = 0; i < 50; i++) {
      const step = fireBehaviour.step(panel, state, now, rng);
      state = step.state;
      if (step.payload) later.push(step.payload.event);
      now += step.delayMs;
    }
    expect(later.every((e) => e === 'heartbeat')).toBe(true); // the scenario, not a timer, owns the restore
    const restore = fireBehaviour.inject(state, { event: 'restore', zone: 'Tầng 2' }, now);
    expect(restore.state.condition).toBe('normal');
    expect(restore.payload.seq).toBe(state.seq);
  });
});
