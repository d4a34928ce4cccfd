import type { CitizenMilestone, PublicReportStatus, Ticket } from '@cityops/contracts';
import { CITIZEN_MILESTONES } from '@cityops/contracts';
import type { PlannedCitizenUpdate } from '@cityops/db';
import { citizenMail, statusPageUrl } from './citizen-mail.ts';

export interface CitizenPlanContext {
  publicUrl: string;
  giveUpAfterMs: number;
  utcOffsetMinutes: number;
}

const isMilestone = (state: string): state is CitizenMilestone => (CITIZEN_MILESTONES as readonly string[]).includes(state);

/**
 * The key of the e-mail for the milestone a ticket is at, or null when its state is not one. A
 * note or a deadline changes the ticket without a new milestone, so it gives the same key and no
 * second mail. A forward to another unit, or a forward or answer after a transfer (a new time on
 * the line), is news and gets its own.
 */
export function citizenUpdateKey(t: Pick<Ticket, 'id' | 'state' | 'lineSince' | 'assignedUnit'>): string | null {
  if (!isMilestone(t.state)) return null;
  if (t.state === 'closed') return `ticket:${t.id}:closed`;
  const since = t.lineSince ?? '';
  return t.state === 'forwarded' ? `ticket:${t.id}:forwarded:${since}:${t.assignedUnit?.id ?? '-'}` : `ticket:${t.id}:answered:${since}`;
}

/** The e-mail a ticket event calls for, if its caller asked for updates and it is at a milestone. Pure. */
export function planCitizenUpdate(ticket: Ticket, status: PublicReportStatus, token: string, ctx: CitizenPlanContext, now: Date): PlannedCitizenUpdate | null {
  const key = citizenUpdateKey(ticket);
  if (key === null || !isMilestone(ticket.state)) return null;
  const milestone = ticket.state;
  // A forward's own time is the event's (forwardedAt keeps the first forward, for its deadline).
  const at = (milestone === 'answered' ? ticket.answeredAt : null) ?? ticket.updatedAt;
  const statusUrl = statusPageUrl(ctx.publicUrl, token);
  const mail = citizenMail({ milestone, at, unit: ticket.assignedUnit?.name ?? null, status, statusUrl, utcOffsetMinutes: ctx.utcOffsetMinutes });
  return {
    key,
    ticketId: ticket.id,
    milestone,
    message: { version: 1, idempotencyKey: key, ticketId: ticket.id, milestone, at, statusUrl, ...mail },
    dueAt: now,
    giveUpAt: new Date(now.getTime() + ctx.giveUpAfterMs),
  };
}
