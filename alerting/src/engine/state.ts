import type { Observation } from './observation.ts';

/** Grafana's alert-state vocabulary, so operators who know Grafana read the states as they expect. */
export const ALERT_STATES = ['normal', 'pending', 'firing', 'recovering', 'nodata'] as const;
export type AlertStateName = (typeof ALERT_STATES)[number];

/** The alert state of one (rule, subject): plain JSON, so the wiring can persist and show it. */
export interface AlertState {
  ruleId: string;
  subject: string;
  state: AlertStateName;
  /** When `state` was entered (ms). */
  since: number;
  /** When the current bad spell began; the area-outage detector reads it as "down since". */
  activeSince: number | null;
  /** The last definite condition: true, false, or null before any (or after nodata). */
  active: boolean | null;
  lastObservedAt: number | null;
  /** Recent rising edges (ms), newest last, at most the rule's flap count: flap detection. */
  rises: number[];
  /** Whether an incident is live for it, or was held back by a suppressing alert (area outage). */
  incident: 'none' | 'open' | 'suppressed';
  suppressedBy: string | null;
  /** The latest observation: context for titles, and re-read on ticks by time-dependent rules. */
  last: Observation | null;
}

/** What the incident side must hear about: the state machine's externally visible edges. */
export type Transition = 'open' | 'repeat' | 'resolve' | null;

/** One reading of the condition. `active: null` means "this observation says nothing either way". */
export interface ConditionInput {
  active: boolean | null;
  /** When the condition became true, if earlier than now (heartbeat: last seen + interval). */
  activeSince?: number;
  /** A discrete new event (another alarm) that counts as a repeat on a live incident. */
  occurrence?: boolean;
}

export interface StepTiming {
  forDurationMs: number;
  recoverAfterMs: number;
  flap?: { count: number; windowMs: number } | undefined;
}

export function initialState(ruleId: string, subject: string, now: number): AlertState {
  return {
    ruleId,
    subject,
    state: 'normal',
    since: now,
    activeSince: null,
    active: null,
    lastObservedAt: null,
    rises: [],
    incident: 'none',
    suppressedBy: null,
    last: null,
  };
}

function enter(s: AlertState, state: AlertStateName, now: number): AlertState {
  return { ...s, state, since: now };
}

function isFlapping(rises: readonly number[], flap: StepTiming['flap'], now: number): boolean {
  if (!flap || flap.count < 2) return false;
  return rises.filter((t) => now - t <= flap.windowMs).length >= flap.count;
}

/**
 * One step of normal → pending → firing → recovering → normal. `input` null is a tick: time moved,
 * the condition is as last seen. Hysteresis both ways: pending needs `forDurationMs` of truth,
 * recovering needs `recoverAfterMs` of falsehood, and a condition true again while recovering is
 * the same incident (a repeat), so a flapping camera opens one incident, not fifty.
 */
export function step(prev: AlertState, input: ConditionInput | null, t: StepTiming, rawNow: number): { state: AlertState; transition: Transition } {
  // Late or replayed observations never move a state backwards in time.
  const now = Math.max(rawNow, prev.since);
  const cond = input && input.active !== null ? input.active : prev.active;
  const rising = cond === true && prev.active !== true;
  let s: AlertState = { ...prev, active: cond };
  if (rising && t.flap && t.flap.count >= 2) s.rises = [...prev.rises.filter((r) => now - r <= t.flap!.windowMs), now].slice(-t.flap.count);

  if (s.state === 'normal' || s.state === 'nodata') {
    if (cond !== true) return { state: input ? enter(s, 'normal', s.state === 'normal' ? s.since : now) : s, transition: null };
    const since = Math.min(now, input?.activeSince ?? now);
    s = { ...enter(s, 'pending', now), activeSince: Number.isFinite(since) ? since : now };
  }
  switch (s.state) {
    case 'pending':
      if (cond === false) return { state: { ...enter(s, 'normal', now), activeSince: null }, transition: null };
      if (now - (s.activeSince ?? now) >= t.forDurationMs || isFlapping(s.rises, t.flap, now)) {
        return { state: enter(s, 'firing', now), transition: 'open' };
      }
      return { state: s, transition: null };
    case 'firing':
      if (cond === false) return recover(enter(s, 'recovering', now), t, now);
      return { state: s, transition: rising || input?.occurrence ? 'repeat' : null };
    case 'recovering':
      if (cond === true) return { state: { ...enter(s, 'firing', now), activeSince: now }, transition: 'repeat' };
      return recover(s, t, now);
    default:
      return { state: s, transition: null };
  }
}

function recover(s: AlertState, t: StepTiming, now: number): { state: AlertState; transition: Transition } {
  if (now - s.since < t.recoverAfterMs) return { state: s, transition: null };
  return { state: { ...enter(s, 'normal', now), activeSince: null }, transition: 'resolve' };
}

/** Grafana's NoData: nothing observed for `noDataAfterMs` while normal or pending. Firing alerts stay. */
export function checkNoData(s: AlertState, noDataAfterMs: number | undefined, now: number): AlertState {
  if (!noDataAfterMs || noDataAfterMs <= 0 || s.lastObservedAt === null) return s;
  if (s.state !== 'normal' && s.state !== 'pending') return s;
  if (now - s.lastObservedAt < noDataAfterMs) return s;
  return { ...enter(s, 'nodata', Math.max(now, s.since)), active: null, activeSince: null };
}

/** A state the wiring may forget: normal, nothing live, no flap history to remember. */
export function isIdle(s: AlertState, flapWindowMs: number, now: number): boolean {
  return s.state === 'normal' && s.incident === 'none' && s.rises.every((r) => now - r > flapWindowMs);
}
