import { describe, expect, it } from 'vitest';
import type { Incident } from '@cityops/contracts';
import { IncidentIndex, isActive } from './incident-index.ts';
import { incidentFixture } from '../map/incident.fixture.ts';

function incident(id: number, over: Partial<Incident> = {}): Incident {
  return incidentFixture(id, {
    title: `Báo cháy ${id}`,
    deviceId: `FA-${id}`,
    area: 'Ba Đình',
    address: '1 Điện Biên Phủ',
    openedAt: `2025-06-01T10:00:0${id % 10}Z`,
    ...over,
  });
}

describe('IncidentIndex', () => {
  it('lists newest first, ties by id', () => {
    const idx = new IncidentIndex();
    idx.loadSnapshot([incident(1), incident(3), incident(2), incident(13)]);
    expect(idx.list().map((i) => i.id)).toEqual([13, 3, 2, 1]);
  });

  it('keeps an acknowledged incident, with its new state, and drops a resolved one', () => {
    const idx = new IncidentIndex();
    idx.loadSnapshot([incident(1), incident(2)]);
    expect(idx.apply(incident(1, { state: 'acknowledged', acknowledgedBy: 'dispatcher' }))).toBe(true);
    expect(idx.byId.get(1)?.state).toBe('acknowledged');
    expect(idx.apply(incident(2, { state: 'resolved' }))).toBe(true);
    expect(idx.list().map((i) => i.id)).toEqual([1]);
    expect(idx.apply(incident(9, { state: 'closed' }))).toBe(false);
  });

  it('does not let a snapshot in flight undo live events', () => {
    const idx = new IncidentIndex();
    idx.beginSnapshot();
    idx.apply(incident(1, { state: 'acknowledged' }));
    idx.apply(incident(2, { state: 'resolved' }));
    idx.apply(incident(4));
    idx.loadSnapshot([incident(1), incident(2), incident(3)]);
    expect(idx.list().map((i) => [i.id, i.state])).toEqual([
      [4, 'open'],
      [3, 'open'],
      [1, 'acknowledged'],
    ]);
  });

  it('re-sorts only when something changed', () => {
    const idx = new IncidentIndex();
    idx.loadSnapshot([incident(1)]);
    const first = idx.list();
    expect(idx.list()).toBe(first);
    idx.apply(incident(2));
    expect(idx.list()).not.toBe(first);
  });
});

describe('isActive', () => {
  it('is true for open, acknowledged and dispatched only', () => {
    expect(['open', 'acknowledged', 'dispatched', 'resolved', 'closed'].map((state) => isActive(incident(1, { state } as Partial<Incident>)))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
