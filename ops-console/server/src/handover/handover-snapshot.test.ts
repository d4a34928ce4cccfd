import { describe, expect, it } from 'vitest';
import type { Incident, Ticket } from '@cityops/contracts';
import { handoverSnapshot } from './handover-snapshot.ts';

const NOW = new Date('2026-12-04T14:00:00.000Z');
const END = new Date('2026-12-04T22:00:00.000Z');

function incident(id: number, over: Partial<Incident>): Incident {
  return {
    id,
    kind: 'camera_offline',
    severity: 'major',
    state: 'open',
    title: `Sự cố ${id}`,
    deviceId: null,
    area: null,
    address: null,
    lat: null,
    lon: null,
    openedAt: `2026-12-04T1${id % 10}:00:00.000Z`,
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    occurrences: 1,
    assignee: null,
    dispatchedAt: null,
    closedAt: null,
    ruleId: null,
    escalationLevel: 0,
    escalatedTo: null,
    nextEscalationAt: null,
    ...over,
  };
}

function ticket(id: number, dueAt: string | null, description = `Phản ánh ${id}`): Ticket {
  return {
    id,
    line: '1022',
    category: 'environment',
    description,
    state: 'received',
    createdAt: '2026-12-04T10:00:00.000Z',
    updatedAt: '2026-12-04T10:00:00.000Z',
    deadlines: dueAt ? [{ name: 'answer', dueAt, metAt: null, breached: Date.parse(dueAt) < NOW.getTime() }] : [],
  } as Ticket;
}

describe('handoverSnapshot', () => {
  it('lists unacknowledged and escalated live incidents, most severe first', () => {
    const s = handoverSnapshot(
      [
        incident(1, {}),
        incident(2, { severity: 'critical' }),
        incident(3, { state: 'acknowledged', escalationLevel: 1 }),
        incident(4, { state: 'resolved', escalationLevel: 2 }),
        incident(5, { state: 'open', escalationLevel: 2, severity: 'critical' }),
      ],
      [],
      NOW,
      END,
    );
    expect(s.unacknowledged.map((i) => i.id)).toEqual([2, 5, 1]);
    expect(s.escalated.map((i) => i.id)).toEqual([5, 3]);
    expect(s.activeIncidents).toBe(4);
  });

  it('splits tickets into breached and due within the next shift, oldest deadline first; later ones are only counted', () => {
    const s = handoverSnapshot(
      [],
      [
        ticket(1, '2026-12-04T13:00:00.000Z'),
        ticket(2, '2026-12-04T21:59:00.000Z'),
        ticket(3, '2026-12-05T09:00:00.000Z'),
        ticket(4, '2026-12-04T09:00:00.000Z'),
        ticket(5, '2026-12-04T15:00:00.000Z', 'x'.repeat(300)),
        ticket(6, null),
      ],
      NOW,
      END,
    );
    expect(s.breached.map((t) => t.id)).toEqual([4, 1]);
    expect(s.dueNextShift.map((t) => t.id)).toEqual([5, 2]);
    expect(s.dueNextShift[0]!.description).toHaveLength(200);
    expect(s.openTickets).toBe(6);
    expect(s).toMatchObject({ takenAt: NOW.toISOString(), nextShiftEndsAt: END.toISOString() });
  });
});
