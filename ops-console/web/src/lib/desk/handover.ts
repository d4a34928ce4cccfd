import type { Handover, Role } from '@cityops/contracts';
import { roleAtLeast } from '../auth/roles.ts';

/** Whether `username` may sign a handover as the incoming operator (the server enforces the same). */
export function canSignHandover(h: Pick<Handover, 'outgoing' | 'incoming'>, username: string, role: Role): boolean {
  return roleAtLeast(role, 'dispatcher') && h.incoming === null && h.outgoing !== username;
}

/** Hours the next shift may last (the server takes 1–24); the form offers the usual rosters. */
export const SHIFT_HOURS = [6, 8, 12, 24] as const;

/** How many items a handover lists, for its line in the list of handovers. */
export function handoverCounts(h: Pick<Handover, 'snapshot'>): { incidents: number; tickets: number } {
  const s = h.snapshot;
  const incidents = new Set([...s.unacknowledged, ...s.escalated].map((i) => i.id)).size;
  return { incidents, tickets: s.breached.length + s.dueNextShift.length };
}
