import type { PoolClient } from 'pg';
import type { AgencyStatusRequest, Incident, Ticket } from '@cityops/contracts';
import { CityopsError } from '@cityops/contracts';
import { appendEvent } from './incidents-repository.ts';
import { appendHistory } from './history.ts';
import { incidentWithoutTimeline } from './notification-facts-repository.ts';
import { getTicket } from './tickets-repository.ts';

/** What goes on the timeline: the status, who said it (the agency's key or the dispatcher relaying it), its unit and ETA. */
function entryOf(req: AgencyStatusRequest, by: string, received: Date) {
  return {
    type: 'agency_status',
    at: received,
    actor: by,
    note: req.note?.trim() || null,
    data: {
      status: req.status,
      ...(req.unit ? { unit: req.unit.trim() } : {}),
      ...(req.eta ? { eta: req.eta } : {}),
      ...(req.at ? { reportedAt: req.at } : {}),
    },
  };
}

/** An agency's report on an incident, on its timeline; the incident as the desk's `incident:updated` carries it. */
export async function recordIncidentAgencyStatus(db: PoolClient, id: number, req: AgencyStatusRequest, by: string, at: Date): Promise<Incident> {
  const incident = await incidentWithoutTimeline(db, id);
  if (!incident) throw new CityopsError('CITYOPS_INCIDENT_NOT_FOUND', `no incident ${id}`);
  await appendEvent(db, id, entryOf(req, by, at));
  return incident;
}

/** The same for a ticket: its history, and `updated_at` moves so lists sorted by activity show it. */
export async function recordTicketAgencyStatus(db: PoolClient, id: number, req: AgencyStatusRequest, by: string, at: Date): Promise<Ticket> {
  const { rowCount } = await db.query('UPDATE tickets SET updated_at = $2 WHERE id = $1', [id, at]);
  if (rowCount === 0) throw new CityopsError('CITYOPS_TICKET_NOT_FOUND', `no ticket ${id}`);
  await appendHistory(db, 'ticket', id, entryOf(req, by, at));
  return getTicket(db, id, at);
}
