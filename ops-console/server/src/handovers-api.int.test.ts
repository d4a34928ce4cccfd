import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsoleHarness, type ConsoleHarness } from './testing/console-harness.ts';

// Shift handovers over REST: the record takes what is open from the live data, the next operator
// signs it once, and the signed record never changes.
let h: ConsoleHarness;

beforeAll(async () => {
  h = await openConsoleHarness({ extraUsers: { night: 'dispatcher' } });
  expect(
    (
      await h.api('dispatcher', 'POST', '/api/incidents', {
        kind: 'manual',
        severity: 'critical',
        title: 'Cây đổ chắn đường Phan Đình Phùng',
        lat: 21.04,
        lon: 105.84,
      })
    ).status,
  ).toBe(201);
  const report = { line: '1022', category: 'environment', description: 'Rác ùn ứ ngõ 12 Hàng Bạc', lat: 21.03, lon: 105.85 };
  expect((await h.api('dispatcher', 'POST', '/api/tickets', report)).status).toBe(201);
});
afterAll(async () => h?.close());

describe('shift handovers', () => {
  it('the outgoing operator makes one: the open incident and the ticket due to be forwarded are on it', async () => {
    const made = await h.api('dispatcher', 'POST', '/api/handovers', { notes: '  Camera Ngã Tư Sở chập chờn, đã báo đội kỹ thuật.  ', nextShiftHours: 8 });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ outgoing: 'dispatcher', notes: 'Camera Ngã Tư Sở chập chờn, đã báo đội kỹ thuật.', incoming: null, acceptedAt: null });
    const s = made.body.snapshot;
    expect(s.unacknowledged.map((i: { title: string }) => i.title)).toEqual(['Cây đổ chắn đường Phan Đình Phùng']);
    // A new 1022 ticket must be forwarded within 5 minutes: due in the next shift.
    expect(s.dueNextShift).toMatchObject([{ line: '1022', description: 'Rác ùn ứ ngõ 12 Hàng Bạc', deadline: { name: 'forward' } }]);
    expect(s).toMatchObject({ activeIncidents: 1, openTickets: 1, breached: [], escalated: [] });
    expect((await h.api('viewer', 'POST', '/api/handovers', { notes: 'x' })).status).toBe(403);
  });

  it('the incoming operator signs it once; the outgoing one cannot; everyone reads it', async () => {
    const { body: list } = await h.api('viewer', 'GET', '/api/handovers');
    const id = list.items[0].id;
    expect((await h.api('dispatcher', 'POST', `/api/handovers/${id}/accept`, {})).body).toMatchObject({ status: 409, code: 'CITYOPS_HANDOVER_SAME_PERSON' });
    const signed = await h.api('night', 'POST', `/api/handovers/${id}/accept`, { note: 'Đã nhận, sẽ theo dõi camera' });
    expect(signed.body).toMatchObject({ incoming: 'night', acceptedAt: expect.any(String), incomingNote: 'Đã nhận, sẽ theo dõi camera' });
    expect((await h.api('supervisor', 'POST', `/api/handovers/${id}/accept`, {})).body.code).toBe('CITYOPS_HANDOVER_ALREADY_ACCEPTED');
    expect((await h.api('viewer', 'GET', `/api/handovers/${id}`)).body).toMatchObject({ id, incoming: 'night' });
    expect((await h.api('viewer', 'GET', '/api/handovers/999999')).body.code).toBe('CITYOPS_HANDOVER_NOT_FOUND');
  });

  it('a signed record cannot be changed or deleted, even in the database', async () => {
    const { body: list } = await h.api('viewer', 'GET', '/api/handovers');
    const id = list.items[0].id;
    await expect(h.db.pool.query(`UPDATE shift_handovers SET notes = 'khác' WHERE id = $1`, [id])).rejects.toThrow(/incoming signature, once/);
    await expect(h.db.pool.query(`UPDATE shift_handovers SET incoming = 'someone' WHERE id = $1`, [id])).rejects.toThrow(/incoming signature, once/);
    await expect(h.db.pool.query(`DELETE FROM shift_handovers WHERE id = $1`, [id])).rejects.toThrow(/incoming signature, once/);
  });

  it('pages newest first', async () => {
    for (const n of ['ca 2', 'ca 3']) expect((await h.api('dispatcher', 'POST', '/api/handovers', { notes: n })).status).toBe(201);
    const first = await h.api('viewer', 'GET', '/api/handovers?limit=2');
    expect(first.body.items.map((x: { notes: string }) => x.notes)).toEqual(['ca 3', 'ca 2']);
    const next = await h.api('viewer', 'GET', `/api/handovers?limit=2&before=${first.body.items[1].id}`);
    expect(next.body.items).toHaveLength(1);
  });
});
