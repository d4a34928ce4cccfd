import { randomUUID } from 'node:crypto';
import type { CreateIncidentRequest, FireHandoff, Incident } from '@cityops/contracts';
import { ACTIVE_INCIDENT_STATES, CityopsError } from '@cityops/contracts';
import type { EventLogEntry, PoolClient } from '@cityops/db';
import {
  acknowledgeIncident,
  closeIncident,
  commentOnIncident,
  dispatchIncident,
  findDevice,
  getIncident,
  getTicket,
  handOffIncident,
  linkTicketToIncident,
  mergeIncidents,
  noteTicketLinked,
  openOrRepeatIncident,
  recordChecklistOverride,
  resolveIncident,
  tickChecklistItem,
} from '@cityops/db';
import { checklistOf, openRequired } from '../sops/checklist.ts';
import type { SopCommands } from './sop-commands.ts';
import { DEFAULT_CRITICAL_ESCALATION, FIRE_ALARM_ESCALATION } from '../engine/default-rules.ts';
import { inTransaction, type CommandContext } from './command-context.ts';

/** What dispatchers do to an incident; each change is on its timeline and streamed as `incident:updated`. */
export interface IncidentCommands {
  /** Opens an incident by hand (what an operator saw or heard); linked to a ticket or device when named. */
  open(req: CreateIncidentRequest, by: string): Promise<Incident>;
  acknowledge(id: number, by: string): Promise<Incident>;
  dispatch(id: number, by: string, assignee: string, note?: string): Promise<Incident>;
  /**
   * Refused (409 CITYOPS_INCIDENT_CHECKLIST_OPEN, with the items) while required checklist items are
   * open, unless `overrideChecklist` (the caller checked the role): then the note is the reason, on the timeline.
   */
  resolve(id: number, by: string, note: string, opts?: { overrideChecklist?: boolean }): Promise<Incident>;
  /** Ticks or unticks an item of the incident's checklist. */
  tick(id: number, itemId: string, done: boolean, by: string, note?: string): Promise<Incident>;
  /** With its checklist as it stands. */
  get(id: number): Promise<Incident>;
  close(id: number, by: string, note?: string): Promise<Incident>;
  comment(id: number, by: string, text: string): Promise<Incident>;
  /** A hotline ticket about this incident: on the incident's timeline and the ticket's history. */
  linkTicket(id: number, by: string, ticketId: number, note?: string): Promise<Incident>;
  /** This incident is a duplicate of `into`: resolved into it, on both timelines. Returns `into`. */
  merge(id: number, by: string, into: number, note?: string): Promise<Incident>;
  /** Dispatches to 114 with a record of the building and the nearest stations (default station: the nearest). */
  handoff(id: number, by: string, opts: { stationId?: string | undefined; note?: string | undefined }): Promise<{ incident: Incident; handoff: FireHandoff }>;
}

export function incidentCommands(ctx: CommandContext, sops: SopCommands): IncidentCommands {
  const run = (fn: (db: PoolClient, at: Date) => Promise<Incident>) =>
    inTransaction(ctx, async (db, at) => {
      const incident = await fn(db, at);
      return { result: incident, events: [{ topic: 'incident.updated', payload: { incident } }] };
    });
  return {
    open: (req, by) => inTransaction(ctx, (db, at) => openByHand(db, req, by, at)),
    acknowledge: (id, by) => run((db, at) => acknowledgeIncident(db, id, by, at)),
    dispatch: (id, by, assignee, note) => run((db, at) => dispatchIncident(db, id, by, assignee.trim(), note?.trim() || null, at)),
    resolve: (id, by, note, opts) =>
      run(async (db, at) => {
        const incident = await getIncident(db, id);
        const open = openRequired(checklistOf(await sops.itemsFor(incident.kind, db), incident.timeline ?? []));
        if (open.length > 0 && (ACTIVE_INCIDENT_STATES as readonly string[]).includes(incident.state)) {
          if (!opts?.overrideChecklist) {
            throw new CityopsError('CITYOPS_INCIDENT_CHECKLIST_OPEN', `incident ${id}: not done: ${open.map((i) => i.text).join('; ')}`, {
              items: open.map(({ id: itemId, text }) => ({ id: itemId, text })),
            });
          }
          await recordChecklistOverride(
            db,
            id,
            by,
            note,
            open.map((i) => i.id),
            at,
          );
        }
        return resolveIncident(db, id, by, note, at);
      }),
    tick: (id, itemId, done, by, note) =>
      run(async (db, at) => {
        const incident = await getIncident(db, id);
        const item = (await sops.itemsFor(incident.kind, db)).find((i) => i.id === itemId);
        if (!item) throw new CityopsError('CITYOPS_SOP_INVALID', `the ${incident.kind} checklist has no item ${itemId}`);
        return tickChecklistItem(db, id, item, done, by, note?.trim() || null, at);
      }),
    async get(id) {
      const incident = await getIncident(ctx.pool, id);
      return { ...incident, checklist: checklistOf(await sops.itemsFor(incident.kind), incident.timeline ?? []) };
    },
    close: (id, by, note) => run((db, at) => closeIncident(db, id, by, note?.trim() || null, at)),
    comment: (id, by, text) => run((db, at) => commentOnIncident(db, id, by, text, at)),
    handoff: (id, by, opts) =>
      inTransaction(ctx, async (db, at) => {
        const out = await handOffIncident(db, id, by, opts, at);
        return { result: out, events: [{ topic: 'incident.updated', payload: { incident: out.incident } }] };
      }),
    linkTicket: (id, by, ticketId, note) =>
      inTransaction(ctx, async (db, at) => {
        const incident = await noteTicketLinked(db, id, ticketId, by, note?.trim() || null, at);
        const { history: _history, ...ticket } = await linkTicketToIncident(db, ticketId, id, by, at);
        return {
          result: incident,
          events: [
            { topic: 'incident.updated', payload: { incident } },
            { topic: 'ticket.updated', payload: { ticket } },
          ],
        };
      }),
    merge: (id, by, into, note) =>
      inTransaction(ctx, async (db, at) => {
        const merged = await mergeIncidents(db, id, into, by, note?.trim() || null, at);
        return {
          result: merged.into,
          events: [
            { topic: 'incident.updated', payload: { incident: merged.from } },
            { topic: 'incident.updated', payload: { incident: merged.into } },
          ],
        };
      }),
  };
}

/**
 * An incident opened at the desk. Its place is what the dispatcher gave, else the linked ticket's,
 * else the linked device's. It never joins another incident (its own dedup key), and a critical one
 * climbs the same escalation chain as the engine's (a fire alarm's, faster, for kind fire_alarm).
 */
async function openByHand(db: PoolClient, req: CreateIncidentRequest, by: string, at: Date): Promise<{ result: Incident; events: EventLogEntry[] }> {
  const ticket = req.ticketId === undefined ? undefined : await getTicket(db, req.ticketId, at);
  const device = req.deviceId === undefined ? undefined : await findDevice(db, req.deviceId);
  if (req.deviceId !== undefined && !device) throw new CityopsError('CITYOPS_DEVICE_NOT_FOUND', `no device ${req.deviceId}`);
  if ((req.lat === undefined) !== (req.lon === undefined)) throw new CityopsError('CITYOPS_REQUEST_INVALID', 'lat and lon come together');
  const place =
    req.lat !== undefined && req.lon !== undefined
      ? { lat: req.lat, lon: req.lon }
      : ticket
        ? { lat: ticket.lat, lon: ticket.lon }
        : device
          ? { lat: device.lat, lon: device.lon }
          : { lat: null, lon: null };
  const escalation = req.severity !== 'critical' ? [] : req.kind === 'fire_alarm' ? FIRE_ALARM_ESCALATION : DEFAULT_CRITICAL_ESCALATION;
  const { incident } = await openOrRepeatIncident(db, {
    kind: req.kind,
    severity: req.severity,
    dedupKey: `manual:${randomUUID()}`,
    title: req.title.trim(),
    deviceId: device?.id ?? null,
    area: req.area ?? device?.area ?? null,
    address: req.address?.trim() || ticket?.address || device?.address || null,
    ...place,
    at,
    data: { by, manual: true, ...(ticket ? { ticketId: ticket.id } : {}), ...(req.note?.trim() ? { note: req.note.trim() } : {}) },
    escalation,
  });
  const events: EventLogEntry[] = [{ topic: 'incident.opened', payload: { incident } }];
  if (ticket) {
    const linked = await linkTicketToIncident(db, ticket.id, incident.id, by, at);
    const { history: _history, ...payload } = linked;
    events.push({ topic: 'ticket.updated', payload: { ticket: payload } });
  }
  return { result: incident, events };
}
