import { describe, expect, it } from 'vitest';
import { incidentFixture as incident } from '../map/incident.fixture.ts';
import { compareQueue, sortQueue, wallSlice } from './queue-order.ts';

const at = (min: number) => new Date(Date.UTC(2025, 5, 1, 10, min)).toISOString();

describe('desk queue order', () => {
  it('puts unacknowledged first, then by severity, then the oldest first', () => {
    const queue = sortQueue([
      incident(1, { state: 'acknowledged', severity: 'critical', openedAt: at(0) }),
      incident(2, { state: 'open', severity: 'info', openedAt: at(1) }),
      incident(3, { state: 'open', severity: 'critical', openedAt: at(5) }),
      incident(4, { state: 'open', severity: 'critical', openedAt: at(2) }),
      incident(5, { state: 'dispatched', severity: 'major', openedAt: at(3) }),
      incident(6, { state: 'open', severity: 'warning', openedAt: at(0) }),
      incident(7, { state: 'open', severity: 'major', openedAt: at(9) }),
    ]);
    expect(queue.map((i) => i.id)).toEqual([4, 3, 7, 6, 2, 1, 5]);
  });

  it('breaks a tie in the same second by id, and sorts an unknown severity last', () => {
    expect(sortQueue([incident(9), incident(8), incident(10, { severity: 'catastrophic' as never })]).map((i) => i.id)).toEqual([8, 9, 10]);
  });

  it('orders by time, not by how the timestamp is written', () => {
    const a = incident(1, { openedAt: '2025-06-01T17:00:00+07:00' }); // 10:00Z
    const b = incident(2, { openedAt: '2025-06-01T10:30:00Z' });
    expect(compareQueue(a, b)).toBeLessThan(0);
  });

  it('leaves its input alone', () => {
    const items = [incident(2), incident(1)];
    sortQueue(items);
    expect(items.map((i) => i.id)).toEqual([2, 1]);
  });
});

describe('wallSlice', () => {
  it('shows only critical and major, at most `limit`, and counts the rest', () => {
    const queue = sortQueue([
      incident(1, { severity: 'critical' }),
      incident(2, { severity: 'warning' }),
      incident(3, { severity: 'major' }),
      incident(4, { severity: 'info' }),
      incident(5, { severity: 'critical' }),
      incident(6, { severity: 'major' }),
    ]);
    expect(wallSlice(queue, 3)).toEqual({ shown: [queue[0], queue[1], queue[2]], more: 1 });
    expect(wallSlice(queue, 3).shown.map((i) => i.severity)).toEqual(['critical', 'critical', 'major']);
    expect(wallSlice([], 3)).toEqual({ shown: [], more: 0 });
  });
});
