import { Compile } from 'typebox/compile';
import { errorsByPath, NotificationPolicy, summarizeErrors, type ContactPointType, type NotificationRoute } from '@cityops/contracts';

const validator = Compile(NotificationPolicy);

/** Limits of the route tree: far beyond any city's policy, well short of a walk that costs. */
export const MAX_ROUTE_DEPTH = 8;
export const MAX_ROUTES = 500;

/**
 * Depth and count of a route tree as sent (before the schema, whose check recurses too), stopping as
 * soon as either limit is passed: a pathological body is refused without being walked whole.
 */
function treeShape(route: unknown, depth = 1): { depth: number; routes: number } {
  if (depth > MAX_ROUTE_DEPTH) return { depth, routes: 1 };
  const children = (route as { routes?: unknown } | null)?.routes;
  let deepest = depth;
  let routes = 1;
  for (const c of Array.isArray(children) ? children : []) {
    const s = treeShape(c, depth + 1);
    deepest = Math.max(deepest, s.depth);
    routes += s.routes;
    if (deepest > MAX_ROUTE_DEPTH || routes > MAX_ROUTES) break;
  }
  return { depth: deepest, routes };
}

const refuse = (path: string, message: string): PolicyCheck => ({ ok: false, problem: `${path} ${message}`, errors: [{ path, message }] });

export type PolicyCheck = { ok: true; policy: NotificationPolicy } | { ok: false; problem: string; errors: { path: string; message: string }[] };

/**
 * Whether a policy can be put in force: its schema, then what a schema cannot say — every contact
 * point it names exists (a typo would silently notify nobody at 3 a.m.). Each refusal names the
 * field by JSON pointer, so the editor shows it where it is.
 */
export function checkPolicy(input: unknown, live: ReadonlyMap<string, ContactPointType>): PolicyCheck {
  const liveNames = new Set(live.keys());
  const types = live;
  // Every incident event walks the tree: a bounded one keeps that walk cheap and its recursion shallow.
  const shape = treeShape((input as { root?: unknown } | null)?.root);
  if (shape.depth > MAX_ROUTE_DEPTH) return refuse('/root', `nests routes deeper than ${MAX_ROUTE_DEPTH} levels`);
  if (shape.routes > MAX_ROUTES) return refuse('/root', `has more than ${MAX_ROUTES} routes`);
  if (!validator.Check(input)) {
    const errors = validator.Errors(input) as never;
    return { ok: false, problem: summarizeErrors(errors), errors: errorsByPath(errors) };
  }
  const policy = input as NotificationPolicy;
  const errors: { path: string; message: string }[] = [];
  const names = (list: readonly string[] | undefined, at: string) =>
    (list ?? []).forEach((n, i) => {
      if (!liveNames.has(n)) errors.push({ path: `${at}/${i}`, message: `names no contact point: ${n}` });
    });
  const walk = (r: NotificationRoute, at: string) => {
    names(r.contactPoints, `${at}/contactPoints`);
    (r.routes ?? []).forEach((c, i) => walk(c, `${at}/routes/${i}`));
  };
  walk(policy.root, '/root');
  for (const [role, list] of Object.entries(policy.escalation ?? {})) names(list, `/escalation/${role}`);
  for (const [unit, list] of Object.entries(policy.dispatch ?? {})) names(list, `/dispatch/${unit.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  names(policy.buildingContact?.contactPoints, '/buildingContact/contactPoints');
  // A building's contact is a phone number: only a gateway template can send to it.
  (policy.buildingContact?.contactPoints ?? []).forEach((n, i) => {
    const type = types.get(n);
    if (type !== undefined && type !== 'http_gateway')
      errors.push({
        path: `/buildingContact/contactPoints/${i}`,
        message: `${n} is ${type}: a building's contact is reached through an http_gateway (SMS, Zalo)`,
      });
  });
  if (errors.length > 0) return { ok: false, problem: errors.map((e) => `${e.path} ${e.message}`).join('; '), errors };
  return { ok: true, policy };
}
