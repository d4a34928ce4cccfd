import { describe, expect, it } from 'vitest';
import type { HandoverSnapshot } from '@cityops/contracts';
import { canSignHandover, handoverCounts } from './handover.ts';

describe('shift handover at the desk', () => {
  it('is signed by a dispatcher or above who did not make it, once', () => {
    const open = { outgoing: 'day', incoming: null };
    expect(canSignHandover(open, 'night', 'dispatcher')).toBe(true);
    expect(canSignHandover(open, 'day', 'supervisor')).toBe(false);
    expect(canSignHandover(open, 'night', 'viewer')).toBe(false);
    expect(canSignHandover({ outgoing: 'day', incoming: 'night' }, 'other', 'admin')).toBe(false);
  });

  it('counts an incident both unacknowledged and escalated once', () => {
    const i = { id: 1 } as HandoverSnapshot['unacknowledged'][number];
    const t = { id: 9 } as HandoverSnapshot['breached'][number];
    const snapshot = { unacknowledged: [i], escalated: [i, { ...i, id: 2 }], breached: [t], dueNextShift: [t, t] } as HandoverSnapshot;
    expect(handoverCounts({ snapshot })).toEqual({ incidents: 2, tickets: 3 });
  });
});
