import { describe, expect, it } from 'vitest';
import { Compile } from 'typebox/compile';
// Value imports in a Node test only; the browser code imports types from contracts (README).
import { EMPTY_NOTIFICATION_POLICY, NotificationPolicy } from '@cityops/contracts';
import { contactPointNamesIn, parsePolicy, POLICY_EXAMPLE, policyText } from './notification-policy.ts';

describe('the notification policy editor', () => {
  it('shows a policy as indented JSON and reads it back unchanged', () => {
    const text = policyText(POLICY_EXAMPLE);
    expect(text).toContain('\n  "root": {');
    expect(parsePolicy(text)).toEqual({ ok: true, policy: POLICY_EXAMPLE });
    expect(parsePolicy(policyText(EMPTY_NOTIFICATION_POLICY))).toEqual({ ok: true, policy: EMPTY_NOTIFICATION_POLICY });
  });

  it('refuses text that is not JSON, and JSON without a root route', () => {
    expect(parsePolicy('{ "root": {')).toEqual({ ok: false, problem: 'json' });
    expect(parsePolicy('')).toEqual({ ok: false, problem: 'json' });
    expect(parsePolicy('[]')).toEqual({ ok: false, problem: 'root' });
    expect(parsePolicy('{"routes": []}')).toEqual({ ok: false, problem: 'root' });
    expect(parsePolicy('{"root": []}')).toEqual({ ok: false, problem: 'root' });
    expect(parsePolicy('null')).toEqual({ ok: false, problem: 'root' });
  });

  it('leaves the rest to the server: an unknown field still goes out', () => {
    expect(parsePolicy('{"root": {"contactPoints": ["a"], "colour": "red"}}').ok).toBe(true);
  });

  it('offers an example the server schema accepts', () => {
    expect(Compile(NotificationPolicy).Check(POLICY_EXAMPLE)).toBe(true);
  });

  it('finds every contact point the policy sends to, nested routes and escalation included', () => {
    expect([...contactPointNamesIn(POLICY_EXAMPLE)].sort()).toEqual([
      'banner-supervisors',
      'email-admins',
      'email-ward',
      'pccc-webhook',
      'sms-on-duty',
      'sms-supervisor',
    ]);
    expect(contactPointNamesIn({ root: { routes: [{ routes: [{ contactPoints: ['deep'] }] }] } })).toEqual(new Set(['deep']));
    expect(contactPointNamesIn(null).size).toBe(0);
    expect(contactPointNamesIn(EMPTY_NOTIFICATION_POLICY).size).toBe(0);
  });
});
