import type { HandoverIncident, HandoverSnapshot, HandoverTicket, Incident, Ticket } from '@cityops/contracts';

const brief = (i: Incident): HandoverIncident => ({
  id: i.id,
  kind: i.kind,
  severity: i.severity,
  state: i.state,
  title: i.title,
  address: i.address,
  openedAt: i.openedAt,
  escalationLevel: i.escalationLevel,
  assignee: i.assignee,
});

function ticketBrief(t: Ticket, deadline: HandoverTicket['deadline']): HandoverTicket {
  return {
    id: t.id,
    line: t.line,
    category: t.category,
    description: t.description.length > 200 ? `${t.description.slice(0, 199)}…` : t.description,
    address: t.address ?? null,
    state: t.state,
    unit: t.assignedUnit?.name ?? null,
    deadline,
  };
}

const SEVERITY_RANK: Readonly<Record<string, number>> = { critical: 0, major: 1, warning: 2, info: 3 };
const byUrgency = (a: HandoverIncident, b: HandoverIncident) =>
  (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9) || a.openedAt.localeCompare(b.openedAt);

/**
 * What the outgoing shift leaves open, from the live incidents and open tickets at `now`: the
 * incidents nobody acknowledged, the escalated ones, the tickets past a deadline, and those whose
 * next deadline falls before the next shift ends. Most urgent first; the oldest deadline first.
 */
export function handoverSnapshot(incidents: readonly Incident[], tickets: readonly Ticket[], now: Date, nextShiftEndsAt: Date): HandoverSnapshot {
  const live = incidents.filter((i) => i.state !== 'resolved' && i.state !== 'closed');
  const breached: HandoverTicket[] = [];
  const due: HandoverTicket[] = [];
  for (const t of tickets) {
    const next = t.deadlines?.find((d) => d.metAt === null);
    if (!next) continue;
    const dueMs = Date.parse(next.dueAt);
    if (dueMs <= now.getTime()) breached.push(ticketBrief(t, { name: next.name, dueAt: next.dueAt }));
    else if (dueMs <= nextShiftEndsAt.getTime()) due.push(ticketBrief(t, { name: next.name, dueAt: next.dueAt }));
  }
  const byDue = (a: HandoverTicket, b: HandoverTicket) => a.deadline.dueAt.localeCompare(b.deadline.dueAt);
  return {
    takenAt: now.toISOString(),
    nextShiftEndsAt: nextShiftEndsAt.toISOString(),
    unacknowledged: live
      .filter((i) => i.state === 'open')
      .map(brief)
      .sort(byUrgency),
    escalated: live
      .filter((i) => i.escalationLevel > 0)
      .map(brief)
      .sort(byUrgency),
    breached: breached.sort(byDue),
    dueNextShift: due.sort(byDue),
    activeIncidents: live.length,
    openTickets: tickets.length,
  };
}
