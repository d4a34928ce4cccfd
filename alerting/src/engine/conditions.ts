import { resolveParams, type AnyRule, type ResolvedParams, type RuleKind } from './rule.ts';
import { timeOf, type Observation } from './observation.ts';
import type { AlertState, ConditionInput, StepTiming } from './state.ts';

/** A condition reading for one subject of one rule. */
export interface Condition extends ConditionInput {
  subject: string;
  /** When it happened (the observation's own time), for the incident's `at`. */
  at: number;
  /** True only at this instant (a replayed token): the engine lets it fall back at once. */
  pulse?: boolean;
}

/** The subject an observation speaks about for this rule, or null when the rule does not read it. */
export function subjectOf(rule: AnyRule, o: Observation): string | null {
  switch (rule.kind) {
    case 'fire-event':
      return o.type === 'fire.event' && typeof o.deviceId === 'string' ? o.deviceId : null;
    case 'device-status':
      return o.type === 'device.status' && o.kind === rule.deviceKind && typeof o.id === 'string' ? o.id : null;
    case 'heartbeat':
      return o.type === 'heartbeat' && o.kind === rule.deviceKind && typeof o.id === 'string' ? o.id : null;
    case 'queue-load':
      return o.type === 'queue.load' && typeof o.id === 'string' ? o.id : null;
    case 'transit-replay':
      return o.type === 'transit.replay' && typeof o.token === 'string' ? o.token : null;
    case 'transit-rejections':
      return o.type === 'transit.rejections' && typeof o.id === 'string' ? o.id : null;
    case 'area-outage':
      return o.type === 'area.cameras' && typeof o.area === 'string' ? o.area : null;
    case 'hotline': {
      // A ticket transferred away from a watched line is still this rule's subject, so its incident clears.
      if (o.type !== 'ticket' || !Number.isInteger(o.id)) return null;
      const lines = rule.params?.lines ?? {};
      return Object.hasOwn(lines, o.line) || (o.transferredFrom && Object.hasOwn(lines, o.transferredFrom)) ? String(o.id) : null;
    }
    default:
      return null;
  }
}

/** The device and area whose overrides apply to a subject of this rule. */
function scopeOf(rule: AnyRule, subject: string, o: Observation | null): { deviceId: string | null; area: string | null } {
  if (rule.kind === 'area-outage') return { deviceId: null, area: subject };
  const area = o && 'area' in o && typeof o.area === 'string' ? o.area : null;
  const deviceBound = rule.kind !== 'hotline' && rule.kind !== 'transit-replay';
  return { deviceId: deviceBound ? subject : null, area };
}

/** Pending and recovering durations for a subject, with its device and area overrides. */
export function timingOf(rule: AnyRule, s: AlertState): StepTiming {
  const { deviceId, area } = scopeOf(rule, s.subject, s.last);
  const p = resolveParams<RuleKind>(rule, deviceId, area);
  return { forDurationMs: p.forDurationMs, recoverAfterMs: p.recoverAfterMs, flap: rule.flap };
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);
/** true / false / null from an "is it bad" and an "is it clearly good" test: between the two, no change. */
const band = (bad: boolean, good: boolean): boolean | null => (bad ? true : good ? false : null);

/**
 * Reads one observation against a rule, with the thresholds resolved for its device and area.
 * Unreadable values give `active: null` (no change) rather than an exception or a false alarm.
 */
export function conditionOf(rule: AnyRule, o: Observation, now: number): Condition | null {
  const subject = subjectOf(rule, o);
  if (subject === null) return null;
  const at = timeOf('at' in o ? o.at : undefined, now);
  const { deviceId, area } = scopeOf(rule, subject, o);
  const p = resolveParams<RuleKind>(rule, deviceId, area);
  // Switched off for this device or area: whatever was live recovers.
  if (!p.enabled) return { subject, at, active: false };

  switch (rule.kind) {
    case 'fire-event': {
      if (o.type !== 'fire.event') return null;
      const { events, clearEvents } = p as ResolvedParams<'fire-event'>;
      const active = events.includes(o.event) ? true : clearEvents.includes(o.event) ? false : null;
      return { subject, at, active, occurrence: active === true };
    }
    case 'device-status': {
      if (o.type !== 'device.status') return null;
      const { statuses, clearStatuses } = p as ResolvedParams<'device-status'>;
      return { subject, at, active: band(statuses.includes(o.status), clearStatuses.includes(o.status)) };
    }
    case 'heartbeat': {
      if (o.type !== 'heartbeat') return null;
      const { expectedIntervalMs } = p as ResolvedParams<'heartbeat'>;
      const seen = num(o.lastSeenAt);
      // Never heard from: we cannot tell a silent device from one not installed yet.
      if (Number.isNaN(seen)) return { subject, at: now, active: null };
      const silent = now - seen > expectedIntervalMs;
      return { subject, at: now, active: silent, ...(silent ? { activeSince: seen + expectedIntervalMs } : {}) };
    }
    case 'queue-load': {
      if (o.type !== 'queue.load') return null;
      const q = p as ResolvedParams<'queue-load'>;
      const waiting = num(o.waiting);
      const wait = num(o.avgWaitSec);
      if (Number.isNaN(waiting) && Number.isNaN(wait)) return { subject, at, active: null };
      const over = waiting >= q.maxWaiting || wait >= q.maxAvgWaitSec;
      const under = !(waiting >= q.maxWaiting * q.clearRatio) && !(wait >= q.maxAvgWaitSec * q.clearRatio);
      return { subject, at, active: band(over, under) };
    }
    case 'transit-replay':
      return o.type === 'transit.replay' ? { subject, at, active: true, occurrence: true, pulse: true } : null;
    case 'transit-rejections': {
      if (o.type !== 'transit.rejections') return null;
      const r = p as ResolvedParams<'transit-rejections'>;
      const taps = num(o.taps);
      const pct = (100 * num(o.rejected)) / taps;
      if (Number.isNaN(taps)) return { subject, at, active: null };
      // Too few taps to call it a spike: treated as no spike, so a quiet reader recovers.
      return { subject, at, active: band(taps >= r.minTaps && pct > r.maxRejectedPct, taps < r.minTaps || pct < r.clearRejectedPct) };
    }
    case 'area-outage': {
      if (o.type !== 'area.cameras') return null;
      const a = p as ResolvedParams<'area-outage'>;
      const need = Math.max(a.minCameras, Math.ceil(a.minFraction * num(o.total)));
      const down = Array.isArray(o.downIds) ? o.downIds.length : 0;
      if (Number.isNaN(need)) return { subject, at, active: null };
      // Opens on a burst (down together); stays while enough remain down, whenever they fell.
      return { subject, at, active: band(num(o.burst) >= need, down < need) };
    }
    case 'hotline': {
      if (o.type !== 'ticket') return null;
      const { closedStates, lines } = p as ResolvedParams<'hotline'>;
      return { subject, at, active: Object.hasOwn(lines, o.line) && !closedStates.includes(o.state) };
    }
    default:
      return null;
  }
}

/**
 * The condition on a tick, for rules whose truth changes with time alone: a device grows more
 * silent; a pulse (replay) is already over. Every other rule keeps its last reading.
 */
export function conditionOnTick(rule: AnyRule, s: AlertState, now: number): Condition | null {
  if (rule.kind === 'heartbeat' && s.last?.type === 'heartbeat') return conditionOf(rule, s.last, now);
  if (rule.kind === 'transit-replay') return { subject: s.subject, at: now, active: false };
  return null;
}
