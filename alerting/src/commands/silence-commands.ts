import type { CreateMaintenanceWindowRequest, CreateSilenceRequest, MaintenanceWindow, Silence } from '@cityops/contracts';
import { ACTIVE_INCIDENT_STATES, CityopsError } from '@cityops/contracts';
import {
  appendEvent,
  createMaintenanceWindow,
  createSilence,
  deleteMaintenanceWindow,
  expireSilence,
  listIncidents,
  listMaintenanceWindows,
  listSilences,
  type EventLogEntry,
} from '@cityops/db';
import { isTimezone, matches, matchersProblem } from '../engine/index.ts';
import { windowIsActive } from '../config/alerting-config.ts';
import { inTransaction, type CommandContext } from './command-context.ts';

/** Silences and maintenance windows (supervisor+): they hold back new incidents, never erase one. */
export interface SilenceCommands {
  list(includeExpired?: boolean): Promise<Silence[]>;
  create(req: CreateSilenceRequest, by: string): Promise<Silence>;
  expire(id: number, by: string): Promise<Silence>;
  listWindows(): Promise<MaintenanceWindow[]>;
  createWindow(req: CreateMaintenanceWindowRequest, by: string): Promise<MaintenanceWindow>;
  removeWindow(id: number, by: string): Promise<void>;
}

const MAX_SILENCE_MS = 30 * 24 * 3600_000;
const invalid = (detail: string): never => {
  throw new CityopsError('CITYOPS_SILENCE_INVALID', detail);
};
const configChanged = (what: string, id: number, by: string): EventLogEntry<'alerting.config'> => ({ topic: 'alerting.config', payload: { what, id, by } });

export function silenceCommands(ctx: CommandContext): SilenceCommands {
  return {
    list: async (includeExpired = false) => listSilences(ctx.pool, new Date(ctx.now()), includeExpired),

    create: (req, by) =>
      inTransaction(ctx, async (db, at) => {
        const problem = matchersProblem(req.matchers);
        if (problem) invalid(problem);
        const startsAt = req.startsAt ? new Date(req.startsAt) : at;
        const endsAt = new Date(req.endsAt);
        if (endsAt <= startsAt) invalid('endsAt must be after startsAt');
        if (endsAt <= at) invalid('endsAt is already past');
        if (endsAt.getTime() - startsAt.getTime() > MAX_SILENCE_MS) invalid('a silence lasts at most 30 days; use a maintenance window for recurring quiet');
        const silence = await createSilence(db, { matchers: req.matchers, startsAt, endsAt, comment: req.comment, by }, at);
        // Live incidents it covers keep going (a person is on them); their timeline says a silence now applies.
        const events: EventLogEntry[] = [configChanged('silence.created', silence.id, by)];
        if (startsAt <= at) {
          const live = (await listIncidents(db, { state: [...ACTIVE_INCIDENT_STATES], limit: 5000 })).filter((i) => matches(req.matchers, i));
          for (const incident of live) {
            await appendEvent(db, incident.id, { type: 'silenced', at, actor: by, note: req.comment, data: { silenceId: silence.id, until: silence.endsAt } });
            events.push({ topic: 'incident.updated', payload: { incident } });
          }
        }
        return { result: silence, events };
      }),

    expire: (id, by) => inTransaction(ctx, async (db, at) => ({ result: await expireSilence(db, id, at), events: [configChanged('silence.expired', id, by)] })),

    listWindows: async () => listMaintenanceWindows(ctx.pool, windowIsActive(ctx.now())),

    createWindow: (req, by) =>
      inTransaction(ctx, async (db, at) => {
        const problem = matchersProblem(req.matchers);
        if (problem) invalid(problem);
        const schedule = { ...req.schedule, timezone: req.schedule.timezone ?? 'Asia/Ho_Chi_Minh', days: [...new Set(req.schedule.days)].sort() };
        if (!isTimezone(schedule.timezone)) invalid(`unknown timezone ${schedule.timezone}`);
        const validUntil = req.validUntil ? new Date(req.validUntil) : null;
        if (validUntil && validUntil <= at) invalid('validUntil is already past');
        const w = await createMaintenanceWindow(
          db,
          { name: req.name, matchers: req.matchers, schedule, validUntil, comment: req.comment ?? null, by },
          windowIsActive(at.getTime()),
        );
        return { result: w, events: [configChanged('maintenance.created', w.id, by)] };
      }),

    removeWindow: (id, by) =>
      inTransaction(ctx, async (db, at) => {
        await deleteMaintenanceWindow(db, id, at);
        return { result: undefined, events: [configChanged('maintenance.deleted', id, by)] };
      }),
  };
}
