import type { AlertMatchers, AlertStateView, CreateSilenceRequest, Incident } from '@cityops/contracts';

/** The matchers a silence made from an incident may use, in the order the dialog shows them. */
export const MATCHER_FIELDS = ['kind', 'deviceId', 'area', 'ruleId'] as const;
export type MatcherField = (typeof MATCHER_FIELDS)[number];

/** How long a silence made from the desk lasts, in minutes (the dialog's choices). */
export const SILENCE_DURATIONS_MIN = [30, 60, 120, 240, 480, 1440] as const;

export interface SilenceDraft {
  /** The incident's value of each field it has (null: it has none, the box is not offered). */
  values: Readonly<Record<MatcherField, string | null>>;
  /** Which fields are ticked at first. */
  chosen: Record<MatcherField, boolean>;
  /** Fields that cannot be unticked: a fire alarm is held only for one named panel under test. */
  locked: ReadonlySet<MatcherField>;
}

const isFire = (kind: string) => kind === 'fire_alarm';

/**
 * The silence an incident suggests: its kind and its device (the usual case: a camera under repair,
 * a panel under test); with no device, its kind in its area. A fire alarm's kind and panel stay
 * ticked: the server refuses any broader silence of fire alarms.
 */
export function silenceDraft(incident: Pick<Incident, 'kind' | 'deviceId' | 'area' | 'ruleId'>): SilenceDraft {
  const values = { kind: incident.kind, deviceId: incident.deviceId, area: incident.area, ruleId: incident.ruleId };
  const chosen = { kind: true, deviceId: values.deviceId !== null, area: values.deviceId === null && values.area !== null, ruleId: false };
  const locked = new Set<MatcherField>(isFire(incident.kind) ? ['kind', 'deviceId'] : []);
  return { values, chosen, locked };
}

/** The request to send, or the reason it cannot be sent. */
export function silenceRequest(
  draft: SilenceDraft,
  chosen: Readonly<Record<MatcherField, boolean>>,
  durationMin: number,
  comment: string,
  now: number,
): { ok: true; request: CreateSilenceRequest } | { ok: false; problem: 'matchers' | 'comment' | 'fire' } {
  const matchers: Record<string, string> = {};
  for (const f of MATCHER_FIELDS) {
    const v = draft.values[f];
    if (chosen[f] && v !== null) matchers[f] = v;
  }
  if (Object.keys(matchers).length === 0) return { ok: false, problem: 'matchers' };
  if (draft.values.kind === 'fire_alarm' && !(matchers.kind && matchers.deviceId)) return { ok: false, problem: 'fire' };
  if (comment.trim() === '') return { ok: false, problem: 'comment' };
  return {
    ok: true,
    request: { matchers: matchers as AlertMatchers, endsAt: new Date(now + durationMin * 60_000).toISOString(), comment: comment.trim() },
  };
}

/** The live alerts a silence or window holds back right now (`GET /api/alerts`). */
export function heldBy(alerts: readonly AlertStateView[], holder: string): AlertStateView[] {
  return alerts.filter((a) => a.incident === 'suppressed' && a.suppressedBy === holder);
}
