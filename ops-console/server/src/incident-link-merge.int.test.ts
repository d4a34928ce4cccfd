import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsoleHarness, type ConsoleHarness } from './testing/console-harness.ts';

// A ticket linked to an incident after the fact, and a duplicate incident merged into another: on both timelines.
let h: ConsoleHarness;
const open = async (title: string) =>
  (await h.api('dispatcher', 'POST', '/api/incidents', { kind: 'manual', severity: 'major', title, lat: 21.03, lon: 105.85 })).body as { id: number };

beforeAll(async () => {
  h = await openConsoleHarness();
});
afterAll(async () => h?.close());

describe('linking and merging incidents', () => {
  it('links a hotline ticket to a live incident: on the incident’s timeline and the ticket’s history', async () => {
    const incident = await open('Ngập phố Hàng Bạc');
    const { body: ticket } = await h.api('dispatcher', 'POST', '/api/tickets', {
      line: '1022',
      category: 'environment',
      description: 'Nước ngập ngang gối',
      lat: 21.03,
      lon: 105.85,
    });
    const linked = await h.api('dispatcher', 'POST', `/api/incidents/${incident.id}/tickets`, { ticketId: ticket.id, note: 'Cùng điểm ngập' });
    expect(linked.status).toBe(200);
    expect(linked.body.timeline.at(-1)).toMatchObject({ type: 'ticket_linked', actor: 'dispatcher', note: 'Cùng điểm ngập', data: { ticketId: ticket.id } });
    const { body: detail } = await h.api('viewer', 'GET', `/api/tickets/${ticket.id}`);
    expect(detail.history.at(-1)).toMatchObject({ type: 'incident_linked', data: { incidentId: incident.id } });
    expect((await h.api('dispatcher', 'POST', `/api/incidents/${incident.id}/tickets`, { ticketId: 999_999 })).body.code).toBe('CITYOPS_TICKET_NOT_FOUND');
    expect((await h.api('viewer', 'POST', `/api/incidents/${incident.id}/tickets`, { ticketId: ticket.id })).status).toBe(403);
  });

  it('merges a duplicate into a live incident: the duplicate is resolved, the other takes its occurrences, both timelines say so', async () => {
    const keep = await open('Cây đổ đường Phan Đình Phùng');
    const dup = await open('Cây đổ chắn Phan Đình Phùng (gọi lại)');
    const merged = await h.api('dispatcher', 'POST', `/api/incidents/${dup.id}/merge`, { into: keep.id, note: 'Cùng một cây' });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ id: keep.id, state: 'open', occurrences: 2 });
    expect(merged.body.timeline.at(-1)).toMatchObject({ type: 'merged', actor: 'dispatcher', note: 'Cùng một cây', data: { from: dup.id } });
    const { body: gone } = await h.api('viewer', 'GET', `/api/incidents/${dup.id}`);
    expect(gone).toMatchObject({ state: 'resolved', nextEscalationAt: null });
    expect(gone.timeline.at(-1)).toMatchObject({ type: 'merged_into', data: { into: keep.id } });

    // Once only; never into itself, nor into an incident that is over.
    expect((await h.api('dispatcher', 'POST', `/api/incidents/${dup.id}/merge`, { into: keep.id })).body).toMatchObject({ status: 409 });
    expect((await h.api('dispatcher', 'POST', `/api/incidents/${keep.id}/merge`, { into: keep.id })).body.code).toBe('CITYOPS_INCIDENT_INVALID_TRANSITION');
    const other = await open('Đèn tín hiệu hỏng');
    expect((await h.api('dispatcher', 'POST', `/api/incidents/${other.id}/merge`, { into: dup.id })).body.code).toBe('CITYOPS_INCIDENT_INVALID_TRANSITION');
    expect((await h.api('dispatcher', 'POST', `/api/incidents/${other.id}/merge`, { into: 999_999 })).body.code).toBe('CITYOPS_INCIDENT_NOT_FOUND');
  });

  it('two merges racing over the same pair: exactly one wins', async () => {
    const a = await open('Sự cố A');
    const b = await open('Sự cố B');
    const results = await Promise.all([
      h.api('dispatcher', 'POST', `/api/incidents/${a.id}/merge`, { into: b.id }),
      h.api('supervisor', 'POST', `/api/incidents/${b.id}/merge`, { into: a.id }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });
});
