import type { AlertStateView } from '@cityops/contracts';
import type { Pool } from '@cityops/db';
import { loadAlertStates } from '@cityops/db';
import { DEFAULT_RULES, type AlertState, type AnyRule } from '../engine/index.ts';
import type { CommandContext } from './command-context.ts';
import { incidentCommands, type IncidentCommands } from './incident-lifecycle.ts';
import { ruleCommands, type RuleCommands } from './rule-commands.ts';
import { silenceCommands, type SilenceCommands } from './silence-commands.ts';
import { sopCommands, type SopCommands } from './sop-commands.ts';

/**
 * Everything people do to alerting, over the database only: the console can serve it from any
 * process, and the running engine picks changes up from the event log.
 */
export interface AlertingCommands {
  incidents: IncidentCommands;
  rules: RuleCommands;
  silences: SilenceCommands;
  /** Checklists per incident kind (standard operating procedures). */
  sops: SopCommands;
  /** The engine's live alert states (Grafana's vocabulary), as last committed. */
  alertStates(): Promise<AlertStateView[]>;
}

export function createAlertingCommands(opts: {
  pool: Pool;
  now?: () => number;
  onCommitted?: () => void;
  shippedRules?: readonly AnyRule[];
}): AlertingCommands {
  const ctx: CommandContext = { pool: opts.pool, now: opts.now ?? Date.now, onCommitted: opts.onCommitted };
  const sops = sopCommands(ctx);
  return {
    incidents: incidentCommands(ctx, sops),
    sops,
    rules: ruleCommands(ctx, opts.shippedRules ?? DEFAULT_RULES),
    silences: silenceCommands(ctx),
    async alertStates() {
      const states = (await loadAlertStates(opts.pool)) as unknown as AlertState[];
      return states
        .map((s) => ({
          ruleId: s.ruleId,
          subject: s.subject,
          state: s.state,
          since: new Date(s.since).toISOString(),
          incident: s.incident,
          suppressedBy: s.suppressedBy,
        }))
        .sort((a, b) => a.ruleId.localeCompare(b.ruleId) || a.subject.localeCompare(b.subject));
    },
  };
}

export type { IncidentCommands, RuleCommands, SilenceCommands, SopCommands };
