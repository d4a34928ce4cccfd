import type { NotificationPolicy, NotificationRoute } from '@cityops/contracts';

/**
 * The notification policy as the admin screen edits it: JSON text in a textarea, like a rule's
 * escalation steps. The server checks the tree (schema, and that every contact point it names
 * exists) and answers with errors by JSON pointer; here only what makes the text unsendable.
 */
export function policyText(policy: NotificationPolicy): string {
  return JSON.stringify(policy, null, 2);
}

export type PolicyParse = { ok: true; policy: NotificationPolicy } | { ok: false; problem: 'json' | 'root' };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The text as a policy to PUT, or why it cannot be one: not JSON, or no `root` route object. */
export function parsePolicy(text: string): PolicyParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'json' };
  }
  if (!isObject(value) || !isObject(value.root)) return { ok: false, problem: 'root' };
  return { ok: true, policy: value as unknown as NotificationPolicy };
}

/** Every contact point the policy sends to (routes and escalation), so the list can say which are in use. */
export function contactPointNamesIn(policy: NotificationPolicy | null): Set<string> {
  const names = new Set<string>();
  if (!policy) return names;
  const walk = (r: NotificationRoute | undefined) => {
    if (!r || typeof r !== 'object') return;
    for (const n of r.contactPoints ?? []) names.add(n);
    for (const c of r.routes ?? []) walk(c);
  };
  walk(policy.root);
  for (const list of Object.values(policy.escalation ?? {})) for (const n of list ?? []) names.add(n);
  return names;
}

/**
 * A policy to start from, shown beside the editor: fire alarms to the fire desk's webhook at once,
 * critical incidents of the emergency lines by SMS outside quiet hours, cameras down in one ward
 * in one e-mail (at most every 10 minutes), the rest to a console banner; escalations page the
 * supervisors' and the admins' phones.
 */
export const POLICY_EXAMPLE: NotificationPolicy = {
  root: {
    groupWaitMs: 30_000,
    repeatIntervalMs: 1_800_000,
    sendResolved: true,
    contactPoints: ['banner-supervisors'],
    routes: [
      { name: 'fire', matchers: { kinds: ['fire_alarm'] }, contactPoints: ['pccc-webhook'], groupWaitMs: 0, continue: true },
      {
        name: 'critical-hotline',
        matchers: { severities: ['critical'], lines: ['113', '114', '115'] },
        contactPoints: ['sms-on-duty'],
        quietHours: { from: '22:00', to: '06:00' },
      },
      {
        name: 'cameras-by-ward',
        matchers: { kinds: ['camera_offline', 'camera_tampered'] },
        contactPoints: ['email-ward'],
        groupBy: ['kind', 'area'],
        groupIntervalMs: 600_000,
      },
    ],
  },
  escalation: { supervisor: ['sms-supervisor'], admin: ['email-admins'] },
};
