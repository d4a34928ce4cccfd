import type { AnyRule } from './rule.ts';
import type { Observation, Tick } from './observation.ts';
import { conditionOf, conditionOnTick, timingOf } from './conditions.ts';
import { buildSignal, type EngineSignal } from './signal.ts';
import { checkNoData, initialState, step, type AlertState, type Transition } from './state.ts';

export interface EngineAction {
  type: 'open' | 'repeat' | 'resolve';
  ruleId: string;
  /** For `resolve`: close the incident, or only note the recovery for a person to close it. */
  autoResolve: boolean;
  signal: EngineSignal;
}

export interface EvaluateContext {
  /** The key of an alert that holds this signal back (an area outage), or null. Pure: no I/O. */
  suppress?: (signal: EngineSignal) => string | null;
}

export interface Evaluation {
  state: AlertState | null;
  actions: EngineAction[];
  /** Why nothing happened, when the input could not be read; for the wiring to count and log. */
  error?: string;
}

/**
 * Turns a state-machine transition into what the incident side must do, honouring suppression:
 * an open held back by an area outage leaves the state firing with `incident: 'suppressed'`, and
 * opens for real once nothing suppresses it any more while the condition still holds.
 */
function act(rule: AnyRule, s: AlertState, tr: Transition, at: number, ctx: EvaluateContext): { state: AlertState; actions: EngineAction[] } {
  const action = (type: EngineAction['type'], st: AlertState): EngineAction => ({
    type,
    ruleId: rule.id,
    autoResolve: rule.autoResolve,
    signal: buildSignal(rule, st, at),
  });
  if (tr === 'resolve') {
    const next: AlertState = { ...s, incident: 'none', suppressedBy: null };
    return { state: next, actions: s.incident === 'open' ? [action('resolve', s)] : [] };
  }
  if (tr === 'repeat' && s.incident === 'open') return { state: s, actions: [action('repeat', s)] };
  const wantsOpen = tr === 'open' || tr === 'repeat' || (s.state === 'firing' && s.incident === 'suppressed');
  if (!wantsOpen || s.incident === 'open') return { state: s, actions: [] };
  const signal = buildSignal(rule, s, at);
  const by = ctx.suppress?.(signal) ?? null;
  if (by !== null) return { state: { ...s, incident: 'suppressed', suppressedBy: by }, actions: [] };
  // Held back until now (a silence ended, the area outage recovered): the timeline says by what.
  if (s.incident === 'suppressed' && s.suppressedBy)
    signal.data = { ...signal.data, heldBy: s.suppressedBy, heldSince: new Date(s.activeSince ?? s.since).toISOString() };
  return { state: { ...s, incident: 'open', suppressedBy: null }, actions: [{ type: 'open', ruleId: rule.id, autoResolve: rule.autoResolve, signal }] };
}

/**
 * Evaluates one rule for one subject: pure, with the clock as an argument, so every timer is tested on
 * a fake clock and a restart replays the same decisions. Never reads Date.now(), never throws:
 * unreadable input returns the state unchanged with an `error`.
 */
export function evaluate(rule: AnyRule, state: AlertState | null, input: Observation | Tick, now: number, ctx: EvaluateContext = {}): Evaluation {
  try {
    if (!Number.isFinite(now)) return { state, actions: [], error: 'now is not a finite time' };
    if (!input || typeof input !== 'object') return { state, actions: [], error: 'input is not an object' };
    if (input.type === 'tick') {
      if (!state) return { state, actions: [] };
      const c = conditionOnTick(rule, state, now);
      const s0 = checkNoData(state, rule.noDataAfterMs, now);
      const { state: s1, transition } = step(s0, c, timingOf(rule, s0), now);
      return act(rule, s1, transition, c?.at ?? now, ctx);
    }
    const c = conditionOf(rule, input, now);
    if (!c) return { state, actions: [], error: `rule ${rule.id} does not read ${String(input.type)} for this subject` };
    if (state && state.subject !== c.subject) return { state, actions: [], error: `state is for ${state.subject}, not ${c.subject}` };
    const s0 = { ...(state ?? initialState(rule.id, c.subject, now)), last: input, lastObservedAt: now };
    const t = timingOf(rule, s0);
    const first = step(s0, c, t, now);
    let out = act(rule, first.state, first.transition, c.at, ctx);
    if (c.pulse) {
      // A replay is an instant: the condition falls back at once and recovering starts now.
      const second = step(out.state, { active: false }, t, now);
      const more = act(rule, second.state, second.transition, c.at, ctx);
      out = { state: more.state, actions: [...out.actions, ...more.actions] };
    }
    return out;
  } catch (err) {
    return { state, actions: [], error: `rule ${rule?.id}: ${(err as Error)?.message ?? String(err)}` };
  }
}
