import type { GroupByField, NotificationPolicy, NotificationRoute, QuietHours, RouteMatch, RouteMatchers } from '@cityops/contracts';

/** What the policy can match an incident on. */
export interface IncidentFacts {
  kind: string;
  severity: string;
  area: string | null;
  /** The hotline line of the ticket the incident is about, if any. */
  line: string | null;
  ruleId: string | null;
}

/** A route that notifies, with the timing it inherited from its ancestors. */
export interface ResolvedRoute {
  path: string[];
  contactPoints: string[];
  groupWaitMs: number;
  /** Empty: each incident is notified alone. */
  groupBy: GroupByField[];
  groupIntervalMs: number;
  repeatIntervalMs: number;
  sendResolved: boolean;
  quietHours: QuietHours | null;
}

/** Alertmanager's default: a group's newer alerts go out together at most every five minutes. */
export const DEFAULT_GROUP_INTERVAL_MS = 5 * 60_000;

const FIELDS = [
  ['kinds', 'kind'],
  ['severities', 'severity'],
  ['areas', 'area'],
  ['lines', 'line'],
  ['ruleIds', 'ruleId'],
] as const satisfies readonly (readonly [keyof RouteMatchers, keyof IncidentFacts])[];

/** Each matcher field with the incident's value and whether it matched; an empty or absent field is not listed. */
export function explainMatchers(m: RouteMatchers | undefined, facts: IncidentFacts): RouteMatch['reasons'] {
  const out: RouteMatch['reasons'] = [];
  for (const [field, fact] of FIELDS) {
    const wanted = m?.[field] as readonly string[] | undefined;
    if (!wanted || wanted.length === 0) continue;
    const actual = facts[fact];
    out.push({ field, wanted: [...wanted], actual, ok: actual !== null && wanted.includes(actual) });
  }
  return out;
}

interface Inherited {
  groupWaitMs: number;
  groupBy: GroupByField[];
  groupIntervalMs: number;
  repeatIntervalMs: number;
  sendResolved: boolean;
  quietHours: QuietHours | null;
}

/**
 * Walks the route tree as Alertmanager does: the root always matches; an incident goes into the
 * first child that matches, and on past it only while that child says `continue`. Where no child
 * takes it, the route itself notifies (its contact points, which may be none). Returns every
 * route looked at, with why it matched or not: the "test policy" view and the planner share it.
 */
export function tracePolicy(policy: NotificationPolicy, facts: IncidentFacts): { trace: RouteMatch[]; notify: ResolvedRoute[] } {
  const trace: RouteMatch[] = [];
  const notify: ResolvedRoute[] = [];
  const base: Inherited = {
    groupWaitMs: 0,
    groupBy: [],
    groupIntervalMs: DEFAULT_GROUP_INTERVAL_MS,
    repeatIntervalMs: 0,
    sendResolved: true,
    quietHours: null,
  };

  const walk = (route: NotificationRoute, path: string[], parent: Inherited, isRoot: boolean): boolean => {
    const reasons = isRoot ? [] : explainMatchers(route.matchers, facts);
    const matched = reasons.every((r) => r.ok);
    const entry: RouteMatch = { path, matched, reasons, contactPoints: route.contactPoints ?? [], notifies: false };
    trace.push(entry);
    if (!matched) return false;
    const here: Inherited = {
      groupWaitMs: route.groupWaitMs ?? parent.groupWaitMs,
      groupBy: route.groupBy ?? parent.groupBy,
      groupIntervalMs: route.groupIntervalMs ?? parent.groupIntervalMs,
      repeatIntervalMs: route.repeatIntervalMs ?? parent.repeatIntervalMs,
      sendResolved: route.sendResolved ?? parent.sendResolved,
      quietHours: route.quietHours ?? parent.quietHours,
    };
    let childTook = false;
    for (const [i, child] of (route.routes ?? []).entries()) {
      if (walk(child, [...path, child.name ?? `#${i}`], here, false)) {
        childTook = true;
        if (!child.continue) break;
      }
    }
    if (!childTook) {
      entry.notifies = true;
      notify.push({ path, contactPoints: route.contactPoints ?? [], ...here });
    }
    return true;
  };
  walk(policy.root, [policy.root.name ?? 'root'], base, true);
  return { trace, notify };
}

/** Every contact point name the policy refers to (routes, escalation roles, dispatch units, building contacts). */
export function contactPointNamesOf(policy: NotificationPolicy): Set<string> {
  const names = new Set<string>();
  const walk = (r: NotificationRoute) => {
    for (const n of r.contactPoints ?? []) names.add(n);
    for (const c of r.routes ?? []) walk(c);
  };
  walk(policy.root);
  for (const list of Object.values(policy.escalation ?? {})) for (const n of list ?? []) names.add(n);
  for (const list of Object.values(policy.dispatch ?? {})) for (const n of list) names.add(n);
  for (const n of policy.buildingContact?.contactPoints ?? []) names.add(n);
  return names;
}
