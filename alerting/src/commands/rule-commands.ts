import type { AlertRuleView } from '@cityops/contracts';
import { CityopsError } from '@cityops/contracts';
import type { StoredRule } from '@cityops/db';
import { deleteAlertRule, getAlertRule, insertAlertRule, listAlertRules, updateAlertRule } from '@cityops/db';
import type { AnyRule } from '../engine/index.ts';
import { checkRule } from '../config/rule-validation.ts';
import { inTransaction, type CommandContext } from './command-context.ts';

/** Rules as data, edited by supervisors. Every change signals alerting to reload at that point of the log. */
export interface RuleCommands {
  list(): Promise<AlertRuleView[]>;
  get(id: string): Promise<AlertRuleView>;
  create(definition: unknown, by: string): Promise<AlertRuleView>;
  replace(id: string, definition: unknown, by: string): Promise<AlertRuleView>;
  /** Back to the shipped definition (shipped rules only). */
  reset(id: string, by: string): Promise<AlertRuleView>;
  remove(id: string, by: string): Promise<void>;
}

/** Key order does not make two definitions different. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function valid(definition: unknown): AnyRule {
  const check = checkRule(definition);
  // `errors` (a problem-details extension) names each field at fault, for the rules screen.
  if (!check.ok) throw new CityopsError('CITYOPS_RULE_INVALID', check.problem, { errors: check.errors });
  return check.rule;
}

const configChanged = (what: string, id: string, by: string) => ({ topic: 'alerting.config' as const, payload: { what, id, by } });

export function ruleCommands(ctx: CommandContext, shipped: readonly AnyRule[]): RuleCommands {
  const shippedById = new Map(shipped.map((r) => [r.id, r]));
  const view = (r: StoredRule): AlertRuleView => {
    const original = shippedById.get(r.id);
    return {
      rule: r.definition,
      builtin: r.builtin,
      modified: !original || canonical(original) !== canonical(r.definition),
      updatedAt: r.updatedAt.toISOString(),
      updatedBy: r.updatedBy,
    };
  };
  return {
    list: async () => (await listAlertRules(ctx.pool)).map(view),
    get: async (id) => view(await getAlertRule(ctx.pool, id)),
    create: (definition, by) =>
      inTransaction(ctx, async (db) => {
        const rule = valid(definition);
        if (shippedById.has(rule.id)) throw new CityopsError('CITYOPS_RULE_EXISTS', `${rule.id} is a shipped rule: edit it with PUT`);
        return { result: view(await insertAlertRule(db, rule, by)), events: [configChanged('rule.created', rule.id, by)] };
      }),
    replace: (id, definition, by) =>
      inTransaction(ctx, async (db) => {
        const rule = valid(definition);
        if (rule.id !== id) throw new CityopsError('CITYOPS_RULE_INVALID', `/id is ${rule.id} but the path names ${id}; a rule's id never changes`);
        return { result: view(await updateAlertRule(db, rule, by)), events: [configChanged('rule.updated', id, by)] };
      }),
    reset: (id, by) =>
      inTransaction(ctx, async (db) => {
        const original = shippedById.get(id);
        if (!original) {
          await getAlertRule(db, id);
          throw new CityopsError('CITYOPS_RULE_INVALID', `${id} is not a shipped rule: there is nothing to reset it to`);
        }
        return { result: view(await updateAlertRule(db, original, null)), events: [configChanged('rule.reset', id, by)] };
      }),
    remove: (id, by) =>
      inTransaction(ctx, async (db) => {
        await deleteAlertRule(db, id);
        return { result: undefined, events: [configChanged('rule.deleted', id, by)] };
      }),
  };
}
