import type { AnyRule, Rule } from './rule.ts';
import type {
  DeviceStatusObservation,
  FireEventObservation,
  Observation,
  QueueLoadObservation,
  Tick,
  TicketObservation,
  TransitTapObservation,
} from './observation.ts';
import { subjectOf } from './conditions.ts';
import { evaluate, type EngineAction } from './evaluate.ts';
import type { EngineSignal } from './signal.ts';
import { isIdle, type AlertState } from './state.ts';
import { heartbeatObservation, watchHeartbeats, type LastSeen } from './heartbeat-watch.ts';
import { areaSuppressor, countCameras, detectAreaOutages, downCameras } from './area-outage.ts';
import { AlertStore, type AlertChanges } from './alert-store.ts';
import { TransitDetectors } from './transit-detectors.ts';

/** What the wiring feeds in: event-log payloads with `type` = topic, taps and tickets. */
export type EngineInput = FireEventObservation | DeviceStatusObservation | QueueLoadObservation | TransitTapObservation | TicketObservation;

type Pending = { state: AlertState; action: EngineAction };
type Suppress = (s: EngineSignal) => string | null;

/**
 * Runs every rule over every input and holds their alert states and detector memory. No I/O and
 * no clock of its own: `observe(input, now)` and `tick(now, devices)` return the actions for the
 * wiring to apply to incidents in its transaction. States are plain JSON (`states()`).
 */
export class RuleEngine {
  #rules: AnyRule[] = [];
  #byId = new Map<string, AnyRule>();
  readonly #states = new AlertStore();
  readonly #transit = new TransitDetectors();
  #cameraTotals = new Map<string, number>();
  #silencer: Suppress = () => null;
  /** Inputs the engine could not read (evaluate's `error`): for the wiring's counter. */
  errors = 0;

  constructor(rules: readonly AnyRule[]) {
    this.setRules(rules);
  }

  /** Replaces the rule set (a supervisor edited one). Detector memory survives if its window did not change. */
  setRules(rules: readonly AnyRule[]): void {
    this.#rules = rules.filter((r) => r.enabled !== false);
    this.#byId = new Map(this.#rules.map((r) => [r.id, r]));
    this.#transit.setRules(this.#rules);
  }

  /**
   * Silences and maintenance windows, decided by the wiring from its table: a pure test
   * returning the silence's key or null. Held opens go out when it returns null while still firing.
   */
  setSilencer(test: (signal: EngineSignal) => string | null): void {
    this.#silencer = test;
  }

  states(): AlertState[] {
    return this.#states.values();
  }

  /** Seeds persisted states on start; `takeChanges()` then returns what to persist after each step. */
  load(states: Iterable<AlertState>): void {
    this.#states.load(states);
  }

  takeChanges(): AlertChanges {
    return this.#states.takeChanges();
  }

  observe(input: EngineInput, now: number): EngineAction[] {
    const out: Pending[] = [];
    const suppress = this.#suppressor();
    // Taps feed the detectors; every other input goes to the rules as it is.
    const inputs = !input ? [] : input.type === 'transit.tap' ? this.#transit.record(input) : [input];
    for (const o of inputs) for (const rule of this.#rules) this.#run(rule, o, now, out, suppress);
    if (input?.type === 'device.status' && input.kind === 'camera') return this.#refreshAreas(now, out);
    return out.map((p) => p.action);
  }

  /** Time passes: heartbeats are checked against `devices` (the registry's last-seen times), pending fires, recovering resolves. */
  tick(now: number, devices: readonly LastSeen[] = []): EngineAction[] {
    const out: Pending[] = [];
    const suppress = this.#suppressor();
    const done = new Set<AlertState>();
    if (devices.length > 0) this.#cameraTotals = countCameras(devices);
    for (const rule of this.#rules) {
      if (rule.kind !== 'heartbeat') continue;
      const silent = new Set(watchHeartbeats(rule, devices, now).silent.map((s) => s.device.id));
      for (const d of devices) {
        if (d.kind !== rule.deviceKind || (!silent.has(d.id) && !this.#states.has(rule.id, d.id))) continue;
        const s = this.#run(rule, heartbeatObservation(d), now, out, suppress);
        if (s) done.add(s);
      }
    }
    for (const s of this.#states.values()) {
      const rule = this.#byId.get(s.ruleId);
      if (!rule || done.has(s)) continue;
      // A reader's window slides with time alone: re-read its counts rather than keep the last.
      const counts = rule.kind === 'transit-rejections' ? this.#transit.rejections(rule.id, s.subject, now) : undefined;
      const area = s.last && 'area' in s.last ? s.last.area : null;
      this.#run(rule, counts ? { ...counts, area } : { type: 'tick' }, now, out, suppress, s);
    }
    const actions = this.#refreshAreas(now, out);
    this.#sweep(now);
    return actions;
  }

  /** Evaluates one rule on one input; the state is looked up by subject unless the caller has it. */
  #run(rule: AnyRule, o: Observation | Tick, now: number, out: Pending[], suppress: Suppress, state?: AlertState): AlertState | null {
    let current = state ?? null;
    if (o.type !== 'tick') {
      const subject = subjectOf(rule, o);
      if (subject === null) return null;
      current = this.#states.get(rule.id, subject) ?? null;
    }
    const r = evaluate(rule, current, o, now, { suppress });
    if (r.error) this.errors++;
    if (!r.state) return null;
    this.#states.set(r.state);
    for (const action of r.actions) out.push({ state: r.state, action });
    return r.state;
  }

  /** Built on first use: most inputs open nothing, and building it reads every state. */
  #suppressor(): Suppress {
    let tests: Suppress[] | null = null;
    return (s) => {
      tests ??= this.#rules.filter((r): r is Rule<'area-outage'> => r.kind === 'area-outage').map((r) => areaSuppressor(r, this.#states.values()));
      return tests.reduce<string | null>((by, test) => by ?? test(s), null) ?? this.#silencer(s);
    };
  }

  /** Area outages from the cameras now down; opens they suppress that are still unsent are withdrawn. */
  #refreshAreas(now: number, out: Pending[]): EngineAction[] {
    for (const rule of this.#rules) {
      if (rule.kind !== 'area-outage') continue;
      const live = this.#states
        .values()
        .filter((s) => s.ruleId === rule.id && (s.state !== 'normal' || s.incident !== 'none'))
        .map((s) => s.subject);
      const down = downCameras(rule, this.#rules, this.#states.values());
      for (const o of detectAreaOutages(rule, this.#cameraTotals, down, now, live)) this.#run(rule, o, now, out, () => null);
    }
    const suppress = this.#suppressor();
    return out.flatMap(({ state, action }) => {
      const by = action.type === 'open' ? suppress(action.signal) : null;
      if (by === null) return [action];
      const s = this.#states.get(state.ruleId, state.subject);
      if (s) this.#states.set({ ...s, incident: 'suppressed', suppressedBy: by });
      return [];
    });
  }

  #sweep(now: number): void {
    for (const s of this.#states.values()) {
      const rule = this.#byId.get(s.ruleId);
      if (!rule || (!rule.noDataAfterMs && isIdle(s, rule.flap?.windowMs ?? 0, now))) this.#states.delete(s);
    }
    this.#transit.forgetQuiet(now);
  }
}
