import type { ApiKey, Incident } from '@cityops/contracts';

/**
 * Whether an agency key reaches an incident: one dispatched to its line, about a hotline ticket of
 * its line, a fire incident for 114 (fire panels are 114's whatever their state), or in one of its
 * areas. Anything else is another agency's, and the key gets 403.
 */
export function agencyReachesIncident(
  key: Pick<ApiKey, 'agencyLines' | 'agencyAreas'>,
  incident: Pick<Incident, 'assignee' | 'area' | 'kind'>,
  line: string | null,
): boolean {
  const lines: readonly string[] = key.agencyLines;
  if (incident.assignee !== null && lines.includes(incident.assignee)) return true;
  if (line !== null && lines.includes(line)) return true;
  if (incident.kind.startsWith('fire_') && lines.includes('114')) return true;
  return incident.area !== null && key.agencyAreas.includes(incident.area);
}

/** A ticket is reached by the key of its line (tickets carry no area). */
export function agencyReachesTicket(key: Pick<ApiKey, 'agencyLines'>, ticket: { line: string }): boolean {
  return (key.agencyLines as readonly string[]).includes(ticket.line);
}
