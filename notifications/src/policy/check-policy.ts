import { Compile } from 'typebox/compile';
import { errorsByPath, NotificationPolicy, summarizeErrors, type ContactPointType, type NotificationRoute } from '@cityops/contracts';

const validator = Compile(NotificationPolicy);

export type PolicyCheck = { ok: true; policy: NotificationPolicy } | { ok: false; problem: string; errors: { path: string; message: string }[] };

/**
 * Whether a policy can be put in force: its schema, then what a schema cannot say — every contact
 * point it names exists (a typo would silently notify nobody at 3 a.m.). Each refusal names the
 * field by JSON pointer, so the editor shows it where it is.
 */
export function checkPolicy(input: unknown, live: ReadonlyMap<string, ContactPointType>): PolicyCheck {
  const liveNames = new Set(live.keys());
  const types = live;
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
