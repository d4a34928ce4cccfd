import { describe, expect, it } from 'vitest';
import { ticketCategory } from '@cityops/contracts';
import type { Area } from '../areas/area.ts';
import { distanceKm } from '../core/geo.ts';
import { vnTime } from '../core/local-time.ts';
import { createRng } from '../core/rng.ts';
import { CALL_MIX } from './call-mix.ts';
import { followUps } from './follow-ups.ts';
import { CallPlanner, type PlannedCall } from './plan-calls.ts';
import { callShare, callsPerHour, DAILY_CALLS } from './rhythm.ts';

const AREAS: Area[] = [
  { id: 'A001', name: 'Phường mẫu 1', lat: 21.03, lon: 105.85, radiusKm: 1, weight: 3 },
  { id: 'A002', name: 'Phường mẫu 2', lat: 21.0, lon: 105.8, radiusKm: 0.5, weight: 1 },
];
const MONDAY = '2026-11-23';
const HOUR = 3600_000;

/** Calls planned over one local day, by local hour. */
function dayOfCalls(rate: number, seed = 7, date = MONDAY) {
  const planner = new CallPlanner(createRng(seed), AREAS, rate);
  const start = vnTime(date, 0);
  const calls: PlannedCall[] = [];
  for (let c = planner.next(start); c.at < start + 24 * HOUR; c = planner.next(c.at)) calls.push(c);
  const byHour = Array.from({ length: 24 }, (_, h) => calls.filter((c) => Math.floor((c.at - start) / HOUR) === h).length);
  return { calls, byHour };
}

describe('hotline rhythm', () => {
  it('is low at night, peaks in the morning and late afternoon (Asia/Ho_Chi_Minh)', () => {
    expect(callShare(vnTime(MONDAY, 3))).toBeLessThan(0.1);
    expect(callShare(vnTime(MONDAY, 9, 30))).toBe(1);
    expect(callShare(vnTime(MONDAY, 17))).toBeGreaterThan(0.9);
    expect(callShare(vnTime(MONDAY, 12, 30))).toBeLessThan(callShare(vnTime(MONDAY, 10)));
    expect(callsPerHour('1022', vnTime(MONDAY, 9, 30), 2)).toBeCloseTo(2 * callsPerHour('1022', vnTime(MONDAY, 9, 30)), 9);
  });

  it('plans about the daily volume, shaped by the rhythm', () => {
    const rate = 20; // enough calls for the shape to show through the noise
    const { calls, byHour } = dayOfCalls(rate);
    const expected = Object.values(DAILY_CALLS).reduce((a, b) => a + b, 0) * rate;
    expect(calls.length).toBeGreaterThan(expected * 0.85);
    expect(calls.length).toBeLessThan(expected * 1.15);
    const night = byHour.slice(0, 5).reduce((a, b) => a + b, 0) / 5;
    const morning = byHour.slice(8, 11).reduce((a, b) => a + b, 0) / 3;
    const lunch = byHour[12]!;
    const afternoon = byHour.slice(16, 18).reduce((a, b) => a + b, 0) / 2;
    expect(morning).toBeGreaterThan(8 * night);
    expect(afternoon).toBeGreaterThan(1.5 * lunch);
    expect(calls.every((c, i) => i === 0 || c.at > calls[i - 1]!.at)).toBe(true);
  });

  it('mixes lines and categories as configured, every call valid for its line and inside an area', () => {
    const { calls } = dayOfCalls(20, 11);
    const share1022 = calls.filter((c) => c.request.line === '1022').length / calls.length;
    expect(share1022).toBeGreaterThan(0.8);
    expect(share1022).toBeLessThan(0.9);
    for (const { request: r } of calls) {
      expect(ticketCategory(r.line, r.category), `${r.line} ${r.category}`).toBeDefined();
      expect(AREAS.some((a) => distanceKm(a, r) <= a.radiusKm + 0.03)).toBe(true);
      expect(r.callerPhone).toMatch(/^09\d{8}$/);
    }
    for (const line of ['1022', '113', '114', '115'] as const) for (const m of CALL_MIX[line]) expect(ticketCategory(line, m.code)).toBeDefined();
  });

  it('repeats some 1022 reports within 50 m of an earlier one (what the duplicate hint is for)', () => {
    const { calls } = dayOfCalls(5, 3);
    const repeats = calls.filter((c, i) =>
      calls.slice(0, i).some((p) => p.request.category === c.request.category && p.request.line === '1022' && distanceKm(p.request, c.request) < 0.05),
    );
    expect(repeats.length).toBeGreaterThan(calls.length * 0.05);
  });

  it('is reproducible from its seed', () => {
    expect(dayOfCalls(2, 99).calls).toEqual(dayOfCalls(2, 99).calls);
  });

  it('forwards most 1022 reports within 5 minutes, some late; answers emergency calls within half an hour', () => {
    const rng = createRng(5);
    const forwards = Array.from({ length: 400 }, () => followUps(rng, '1022')[0]!);
    const onTime = forwards.filter((f) => f.afterMs <= 5 * 60_000).length / forwards.length;
    expect(forwards.every((f) => f.body.state === 'forwarded')).toBe(true);
    expect(onTime).toBeGreaterThan(0.85);
    expect(onTime).toBeLessThan(0.95);
    const emergency = followUps(rng, '114');
    expect(emergency.map((f) => f.body.state)).toEqual(['forwarded', 'answered']);
    expect(emergency[1]!.afterMs).toBeLessThan(30 * 60_000);
  });
});
