import { Compile } from 'typebox/compile';
import { ALERT_RULE_BY_KIND, errorsByPath, RULE_KINDS, summarizeErrors, type DeviceKind, type RuleKind } from '@cityops/contracts';
import type { AnyRule } from '../engine/index.ts';

const validators = Object.fromEntries(RULE_KINDS.map((k) => [k, Compile(ALERT_RULE_BY_KIND[k])])) as Record<RuleKind, ReturnType<typeof Compile>>;

/** The device kind each rule kind reads; `any` for heartbeats (every kind of device beats). */
const DEVICE_KIND_OF: Record<RuleKind, DeviceKind | 'any' | null> = {
  'fire-event': 'fire',
  'device-status': 'any',
  heartbeat: 'any',
  'queue-load': 'queue',
  'transit-replay': 'transit',
  'transit-rejections': 'transit',
  'area-outage': 'camera',
  hotline: null,
};
const TIMING_KEYS = ['forDurationMs', 'recoverAfterMs', 'enabled'];

/** A refusal names each field at fault by its JSON pointer, so a form can show the message on it. */
export type RuleCheck = { ok: true; rule: AnyRule } | { ok: false; problem: string; errors: { path: string; message: string }[] };

/** A refusal of one field: `problem` is "<pointer> <message>". */
function refuse(path: string, message: string): RuleCheck {
  return { ok: false, problem: `${path} ${message}`, errors: [{ path, message }] };
}

/**
 * Whether a rule definition (from a supervisor, or read back from the database) is one the engine
 * can run: the schema of its kind, then what a schema cannot say — the device kind it reads,
 * thresholds that make sense together, escalation steps in order, overrides naming real fields.
 */
export function checkRule(input: unknown): RuleCheck {
  const kind = (input as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || !(RULE_KINDS as readonly string[]).includes(kind)) {
    return refuse('/kind', `must be one of ${RULE_KINDS.join(', ')}`);
  }
  const validator = validators[kind as RuleKind];
  if (!validator.Check(input)) {
    const errors = validator.Errors(input) as never;
    return { ok: false, problem: summarizeErrors(errors), errors: errorsByPath(errors) };
  }
  const rule = input as AnyRule;
  const wants = DEVICE_KIND_OF[rule.kind];
  if (wants === null && rule.deviceKind !== null) return refuse('/deviceKind', `must be null for a ${rule.kind} rule`);
  if (wants === 'any' && rule.deviceKind === null) return refuse('/deviceKind', `is required for a ${rule.kind} rule`);
  if (wants !== null && wants !== 'any' && rule.deviceKind !== wants) return refuse('/deviceKind', `must be ${wants} for a ${rule.kind} rule`);
  if (rule.kind === 'transit-rejections' && rule.params.clearRejectedPct > rule.params.maxRejectedPct) {
    return refuse('/params/clearRejectedPct', 'must not exceed maxRejectedPct (hysteresis runs downwards)');
  }
  const steps = rule.escalation ?? [];
  for (let i = 1; i < steps.length; i++) {
    if (steps[i]!.afterMs <= steps[i - 1]!.afterMs) return refuse(`/escalation/${i}/afterMs`, 'must be later than the step before');
  }
  const fields = new Set([...Object.keys(rule.params), ...TIMING_KEYS]);
  for (const [scope, entries] of Object.entries(rule.overrides ?? {})) {
    for (const [target, override] of Object.entries(entries ?? {})) {
      for (const key of Object.keys(override ?? {})) {
        if (!fields.has(key)) return refuse(`/overrides/${scope}/${target}/${key}`, `is not a field of a ${rule.kind} rule (${[...fields].join(', ')})`);
      }
    }
  }
  return { ok: true, rule };
}
