import type { Pool, PoolClient } from '@cityops/db';
import { listAlertRules, listMaintenanceWindows, listSilences } from '@cityops/db';
import { windowActive, type AnyRule, type SilenceSpec, type WindowSpec } from '../engine/index.ts';
import { checkRule } from './rule-validation.ts';

/** What the engine runs with, read from the database: rules, silences and maintenance windows. */
export interface AlertingConfig {
  rules: AnyRule[];
  silences: SilenceSpec[];
  windows: WindowSpec[];
  /** Stored rules the engine cannot run (edited by hand in SQL, or from a newer version): skipped. */
  invalid: { id: string; problem: string }[];
}

export const windowIsActive = (now: number) => (w: { schedule: WindowSpec['schedule']; validUntil: string | null }) =>
  windowActive({ schedule: w.schedule, validUntil: w.validUntil === null ? null : Date.parse(w.validUntil) }, now);

export async function loadAlertingConfig(db: Pool | PoolClient, now: number): Promise<AlertingConfig> {
  const config: AlertingConfig = { rules: [], silences: [], windows: [], invalid: [] };
  for (const stored of await listAlertRules(db)) {
    const check = checkRule(stored.definition);
    if (check.ok) config.rules.push(check.rule);
    else config.invalid.push({ id: stored.id, problem: check.problem });
  }
  for (const s of await listSilences(db, new Date(now))) {
    config.silences.push({ id: s.id, matchers: s.matchers, startsAt: Date.parse(s.startsAt), endsAt: Date.parse(s.endsAt) });
  }
  for (const w of await listMaintenanceWindows(db, windowIsActive(now))) {
    config.windows.push({ id: w.id, matchers: w.matchers, schedule: w.schedule, validUntil: w.validUntil === null ? null : Date.parse(w.validUntil) });
  }
  return config;
}
