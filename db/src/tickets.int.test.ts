import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from './testing/test-database.ts';
import { withTransaction } from './pool.ts';
import { advanceTicket, createTicket, findDeadlineBreaches, getTicketDetail, recordBreach, transferTicket } from './repositories/tickets-repository.ts';
import { distanceM, findDuplicates } from './repositories/ticket-duplicates.ts';
import { readKpiFigures } from './repositories/kpi-repository.ts';

// Hotline tickets at the repository: transfers restart the deadline clock (and its breaches), duplicates.
let db: TestDatabase;
const T0 = Date.parse('2026-11-21T01:00:00.000Z');
const at = (min: number) => new Date(T0 + min * 60_000);
const report = { line: '1022' as const, category: 'traffic', description: 'Đèn tín hiệu hỏng', lat: 21.02, lon: 105.83 };
const by = { actor: 'test', source: 'test' };

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

describe('tickets repository', () => {
  it('a breach is recorded once per stint on a line; a transfer back starts a new 5-minute clock', async () => {
    const id = await withTransaction(db.pool, async (c) => (await createTicket(c, report, by, at(0))).id);
    const breachesAt = (min: number) =>
      withTransaction(db.pool, async (c) => {
        const found = (await findDeadlineBreaches(c, at(min))).filter((b) => b.ticket.id === id);
        for (const b of found) await recordBreach(c, b, at(min));
        return found.map((b) => [b.deadline, b.dueAt.toISOString()]);
      });
    expect(await breachesAt(4)).toEqual([]);
    expect(await breachesAt(6)).toEqual([['forward', at(5).toISOString()]]);
    expect(await breachesAt(7)).toEqual([]);

    await withTransaction(db.pool, (c) => transferTicket(c, id, { line: '113', reason: 'Có dấu hiệu phá hoại', category: 'other' }, 'dispatcher', at(8)));
    expect(await breachesAt(30)).toEqual([]); // 113 has no clock
    const back = await withTransaction(db.pool, (c) =>
      transferTicket(c, id, { line: '1022', reason: 'Không phải vụ việc hình sự', category: 'traffic' }, 'dispatcher', at(40)),
    );
    expect(back).toMatchObject({ line: '1022', state: 'received', transferredFrom: '113', lineSince: at(40).toISOString() });
    expect(await breachesAt(44)).toEqual([]);
    expect(await breachesAt(46)).toEqual([['forward', at(45).toISOString()]]);
    await withTransaction(db.pool, (c) => advanceTicket(c, id, 'forwarded', 'test', null, at(47)));
    const detail = await getTicketDetail(db.pool, id, at(48));
    expect(detail.history!.map((h) => h.type)).toEqual(['received', 'deadline_breached', 'transferred', 'transferred', 'deadline_breached', 'forwarded']);
    expect(detail.deadlines![0]).toMatchObject({ name: 'forward', metAt: at(47).toISOString(), breached: true });
  });

  it('hotline compliance counts the 5 minutes from when a report reached 1022, not from the call', async () => {
    // Its own day, so the first test's tickets are outside the 24 h window.
    const day = (min: number) => new Date(T0 + 3 * 86_400_000 + min * 60_000);
    const id = await withTransaction(db.pool, async (c) => (await createTicket(c, { ...report, line: '114', category: 'other' }, by, day(0))).id);
    await withTransaction(db.pool, (c) =>
      transferTicket(c, id, { line: '1022', reason: 'Không cần lực lượng 114', category: 'traffic' }, 'dispatcher', day(10)),
    );
    // Two minutes on 1022: not yet decided, whatever the call's age.
    expect((await readKpiFigures(db.pool, day(12))).hotlineCompliancePct).toBeNull();
    await withTransaction(db.pool, (c) => advanceTicket(c, id, 'forwarded', 'test', null, day(13)));
    expect((await readKpiFigures(db.pool, day(14))).hotlineCompliancePct).toBe(100);
  });

  it('finds duplicates by line, category, 50 m and 24 h, for many tickets in one query', async () => {
    const ids = await withTransaction(db.pool, async (c) => {
      const make = (over: object, min: number) => createTicket(c, { ...report, lat: 21.1, lon: 105.9, ...over }, by, at(min));
      const a = await make({}, 0);
      const b = await make({ lat: 21.1004 }, 10); // ≈ 44 m north
      const far = await make({ lat: 21.1006 }, 20); // ≈ 67 m
      const otherLine = await make({ line: '113', category: 'other' }, 30);
      const dayLater = await make({}, 25 * 60);
      return { a, b, far, otherLine, dayLater };
    });
    expect(ids.b.duplicates).toEqual([{ id: ids.a.id, distanceM: expect.closeTo(44.5, 0), createdAt: at(0).toISOString(), state: 'received' }]);
    const map = await findDuplicates(db.pool, [ids.a, ids.far, ids.otherLine, ids.dayLater]);
    expect(map.get(ids.a.id)!.map((d) => d.id)).toEqual([ids.b.id]);
    expect(map.get(ids.far.id)!.map((d) => d.id)).toEqual([ids.b.id]); // 22 m from b, 67 m from a
    expect(map.get(ids.otherLine.id)).toEqual([]);
    expect(map.get(ids.dayLater.id)).toEqual([]); // 25 h after a
    expect(distanceM({ lat: 21, lon: 105.8 }, { lat: 21.001, lon: 105.8 })).toBeCloseTo(111.2, 0);
  });
});
