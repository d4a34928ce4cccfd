import { describe, expect, it } from 'vitest';
import { queueBehaviour } from './queue.ts';
import { drive, invalidPayloads, spec } from './test-drive.ts';
import { localHour, vnTime } from '../core/local-time.ts';

const DAY = 24 * 3600_000;
const kiosk = spec('queue', 'MC-A001', { counters: 6 });

function dayOfReports(date: string, seed = 1) {
  return drive(queueBehaviour, kiosk, vnTime(date, 0), DAY, seed).payloads;
}
const at = (payloads: ReturnType<typeof dayOfReports>, hour: number) => payloads.find((p) => localHour(Number(p.ts)) >= hour)!;

describe('queue kiosk behaviour', () => {
  const monday = dayOfReports('2026-11-23');

  it('reports valid loads every 60 s', () => {
    expect(invalidPayloads('queue', kiosk.id, monday)).toEqual([]);
    expect(monday.length).toBeGreaterThan(1400);
    expect(Number(monday[1]!.ts) - Number(monday[0]!.ts)).toBe(60_000);
  });

  it('is empty at night and before opening', () => {
    for (const hour of [3, 7, 17.5, 22]) {
      expect(at(monday, hour)).toMatchObject({ waiting: 0, serving: 0, countersOpen: 0, avgWaitSec: 0 });
    }
  });

  it('queues in the morning peak, more than in the afternoon (across ten offices)', () => {
    const days = Array.from({ length: 10 }, (_, seed) => dayOfReports('2026-11-23', seed));
    const meanWaiting = (from: number, to: number) => {
      const xs = days.flat().filter((p) => localHour(Number(p.ts)) >= from && localHour(Number(p.ts)) < to);
      return xs.reduce((s, p) => s + p.waiting, 0) / xs.length;
    };
    expect(meanWaiting(9, 11)).toBeGreaterThan(2 * meanWaiting(14, 16));
    expect(at(monday, 10).countersOpen).toBe(6);
    expect(at(monday, 10).serving).toBeGreaterThan(0);
    expect(at(monday, 12).countersOpen).toBe(3); // lunch rota
  });

  it('counts the day: everyone issued a ticket is served by evening, then resets at midnight', () => {
    const evening = at(monday, 20);
    expect(evening.issuedToday).toBeGreaterThan(100);
    expect(evening.servedToday).toBe(evening.issuedToday);
    expect(evening.satisfactionPct).toBeGreaterThan(70);
    const tuesday = drive(queueBehaviour, kiosk, vnTime('2026-11-23', 23, 58), 5 * 60_000).payloads;
    expect(tuesday.at(-1)).toMatchObject({ issuedToday: 0, servedToday: 0 });
  });

  it('opens Saturday morning only and stays shut on Sunday', () => {
    const saturday = dayOfReports('2026-11-28');
    expect(at(saturday, 9).countersOpen).toBeGreaterThan(0);
    expect(at(saturday, 14).countersOpen).toBe(0);
    expect(dayOfReports('2026-11-29').every((p) => p.waiting === 0 && p.countersOpen === 0 && p.issuedToday === 0)).toBe(true);
  });

  it('starts mid-morning with the day so far already played', () => {
    const first = drive(queueBehaviour, kiosk, vnTime('2026-11-23', 10), 120_000).payloads[0]!;
    expect(first.issuedToday).toBeGreaterThan(20);
  });
});
