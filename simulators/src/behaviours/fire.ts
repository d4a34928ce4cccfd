import type { FireEvent } from '@cityops/contracts';
import type { Behaviour } from './behaviour.ts';
import { firstSeq, round1, tsOf } from './behaviour.ts';
import type { Rng } from '../core/rng.ts';
import { chance, pick, uniform } from '../core/rng.ts';
import { localHour, localWeekday } from '../core/local-time.ts';

type Condition = 'normal' | 'alarm' | 'fault' | 'supervisory';

export interface FireState {
  seq: number;
  condition: Condition;
  zone: string;
  /** Time left before an abnormal condition restores by itself; Infinity when a scenario owns it. */
  conditionLeftMs: number;
  heartbeatLeftMs: number;
  /** The delay returned last time: how much time passed before this wake-up. */
  lastDelayMs: number;
}

/** Fields a scenario may force on a panel (the panel adds ts and seq). */
export type FireFields = Omit<FireEvent, 'ts' | 'seq'>;

/** About every 5 min: well inside NFPA 72's 60-min path supervision (domain.md). */
export const FIRE_HEARTBEAT_MS = 300_000;
const MINUTE = 60_000;

/** Per-heartbeat odds across ~500 panels: some faults a day, alarms well under one a day. */
const P_ALARM = 2e-6;
const P_FAULT = 2e-4;
const P_SUPERVISORY = 1e-4;
const P_TEST = 5e-3;

export const SAMPLE_ZONES = [
  'Tầng 1 - sảnh',
  'Tầng 2 - hành lang',
  'Tầng 3 - căn hộ',
  'Tầng hầm - bãi xe',
  'Tầng 5 - phòng kỹ thuật',
  'Mái - phòng máy',
] as const;

/** A plausible alarm: smoke with obscuration, heat with temperature, or a manual call point. */
export function alarmFields(rng: Rng, zone: string): FireFields {
  const detector = pick(rng, ['smoke', 'smoke', 'heat', 'manual'] as const);
  if (detector === 'smoke') return { event: 'alarm', zone, detector, smokeObscurationPct: round1(uniform(rng, 3, 18)) };
  if (detector === 'heat') return { event: 'alarm', zone, detector, temperatureC: round1(uniform(rng, 58, 95)) };
  return { event: 'alarm', zone, detector };
}

/** What a panel says when nothing is due to restore: usually a heartbeat, rarely trouble. */
function spontaneous(s: FireState, now: number, rng: Rng): { fields: FireFields; condition: Condition; leftMs: number } {
  const zone = pick(rng, SAMPLE_ZONES);
  const r = rng.next();
  if (r < P_ALARM) return { fields: alarmFields(rng, zone), condition: 'alarm', leftMs: uniform(rng, 10, 30) * MINUTE };
  if (r < P_ALARM + P_FAULT) return { fields: { event: 'fault', zone }, condition: 'fault', leftMs: uniform(rng, 10, 90) * MINUTE };
  if (r < P_ALARM + P_FAULT + P_SUPERVISORY) {
    return { fields: { event: 'supervisory', zone, detector: 'sprinkler' }, condition: 'supervisory', leftMs: uniform(rng, 5, 40) * MINUTE };
  }
  // Maintenance crews test panels on weekday mornings.
  const h = localHour(now);
  const weekday = localWeekday(now);
  if (weekday >= 1 && weekday <= 5 && h >= 9 && h < 11 && chance(rng, P_TEST)) {
    return { fields: { event: 'test', zone, detector: 'manual' }, condition: s.condition, leftMs: s.conditionLeftMs };
  }
  return { fields: { event: 'heartbeat' }, condition: s.condition, leftMs: s.conditionLeftMs };
}

function nextDelay(s: FireState): number {
  const left = s.condition === 'normal' ? s.heartbeatLeftMs : Math.min(s.heartbeatLeftMs, s.conditionLeftMs);
  return Math.max(0, left);
}

export const fireBehaviour: Behaviour<'fire', FireState> & {
  /** A scripted event (scenario): published now, and the panel's condition follows it. */
  inject(s: FireState, fields: FireFields, now: number): { state: FireState; payload: FireEvent };
} = {
  kind: 'fire',
  init(_spec, now, rng) {
    // A panel reports once soon after it connects (as real panels do after a restart), then every
    // FIRE_HEARTBEAT_MS; spread over 30 s so a fleet coming up does not pulse in lockstep.
    const phase = rng.next() * Math.min(FIRE_HEARTBEAT_MS, 30_000);
    const state: FireState = {
      seq: firstSeq(now),
      condition: 'normal',
      zone: SAMPLE_ZONES[0],
      conditionLeftMs: Infinity,
      heartbeatLeftMs: phase,
      lastDelayMs: phase,
    };
    return { state, delayMs: phase };
  },
  step(_spec, prev, now, rng) {
    const s: FireState = {
      ...prev,
      heartbeatLeftMs: prev.heartbeatLeftMs - prev.lastDelayMs,
      conditionLeftMs: prev.conditionLeftMs - prev.lastDelayMs,
    };
    let fields: FireFields | null = null;
    if (s.condition !== 'normal' && s.conditionLeftMs <= 0) {
      fields = { event: 'restore', zone: s.zone };
      s.condition = 'normal';
      s.conditionLeftMs = Infinity;
    } else if (s.heartbeatLeftMs <= 0) {
      s.heartbeatLeftMs = FIRE_HEARTBEAT_MS * uniform(rng, 0.95, 1.05);
      const next =
        s.condition === 'normal'
          ? spontaneous(s, now, rng)
          : { fields: { event: 'heartbeat' } as FireFields, condition: s.condition, leftMs: s.conditionLeftMs };
      fields = next.fields;
      if (next.condition !== s.condition) s.zone = fields.zone ?? s.zone;
      s.condition = next.condition;
      s.conditionLeftMs = next.leftMs;
    }
    const payload: FireEvent | null = fields ? { ts: tsOf(now), seq: s.seq, ...fields } : null;
    if (payload) s.seq += 1;
    s.lastDelayMs = nextDelay(s);
    return { state: s, payload, delayMs: s.lastDelayMs };
  },
  inject(prev, fields, now) {
    const s: FireState = { ...prev, seq: prev.seq + 1 };
    if (fields.event === 'restore') {
      s.condition = 'normal';
      s.conditionLeftMs = Infinity;
    } else if (fields.event === 'alarm' || fields.event === 'fault' || fields.event === 'supervisory') {
      s.condition = fields.event;
      s.zone = fields.zone ?? s.zone;
      s.conditionLeftMs = Infinity;
    }
    return { state: s, payload: { ts: tsOf(now), seq: prev.seq, ...fields } };
  },
};
