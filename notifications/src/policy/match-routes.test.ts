import { describe, expect, it } from 'vitest';
import type { NotificationPolicy } from '@cityops/contracts';
import { contactPointNamesOf, tracePolicy, type IncidentFacts } from './match-routes.ts';

const fire: IncidentFacts = { kind: 'fire_alarm', severity: 'critical', area: 'hoan-kiem', line: null, ruleId: 'fire-alarm' };
const camera: IncidentFacts = { kind: 'camera_offline', severity: 'warning', area: 'ba-dinh', line: null, ruleId: 'camera-offline' };
const call114: IncidentFacts = { kind: 'hotline', severity: 'critical', area: null, line: '114', ruleId: 'hotline-emergency' };

const policy: NotificationPolicy = {
  root: {
    contactPoints: ['catch-all'],
    groupWaitMs: 30_000,
    sendResolved: false,
    routes: [
      { name: 'fire', matchers: { kinds: ['fire_alarm'] }, contactPoints: ['pccc-114'], groupWaitMs: 0, continue: true },
      { name: 'critical', matchers: { severities: ['critical'] }, contactPoints: ['truc-ban'], sendResolved: true },
      {
        name: 'hotline',
        matchers: { kinds: ['hotline'] },
        contactPoints: ['hotline-desk'],
        routes: [{ name: '114', matchers: { lines: ['114'] }, contactPoints: ['pccc-114'], quietHours: { from: '22:00', to: '06:00' } }],
      },
    ],
  },
  escalation: { supervisor: ['truong-ca'], admin: ['giam-doc', 'truong-ca'] },
};

describe('tracePolicy', () => {
  it('goes on past a matching route that says continue, and stops at the first one that does not', () => {
    const { notify } = tracePolicy(policy, fire);
    expect(notify.map((r) => r.path)).toEqual([
      ['root', 'fire'],
      ['root', 'critical'],
    ]);
    // Timing is inherited unless the route sets it.
    expect(notify[0]).toMatchObject({ contactPoints: ['pccc-114'], groupWaitMs: 0, sendResolved: false });
    expect(notify[1]).toMatchObject({ contactPoints: ['truc-ban'], groupWaitMs: 30_000, sendResolved: true });
  });

  it('notifies at the root when no child takes the incident', () => {
    const { notify, trace } = tracePolicy(policy, camera);
    expect(notify).toEqual([
      {
        path: ['root'],
        contactPoints: ['catch-all'],
        groupWaitMs: 30_000,
        // Each incident alone unless a route groups them; Alertmanager's default interval otherwise.
        groupBy: [],
        groupIntervalMs: 300_000,
        repeatIntervalMs: 0,
        sendResolved: false,
        quietHours: null,
      },
    ]);
    expect(trace.find((t) => t.path.at(-1) === 'fire')).toMatchObject({
      matched: false,
      reasons: [{ field: 'kinds', wanted: ['fire_alarm'], actual: 'camera_offline', ok: false }],
    });
  });

  it('descends into nested routes and explains each matcher; a null fact never matches a listed value', () => {
    const { notify, trace } = tracePolicy(policy, call114);
    // The critical route takes it first (no continue), so the hotline subtree is never looked at.
    expect(notify.map((r) => r.path.join('/'))).toEqual(['root/critical']);
    expect(trace.map((t) => t.path.join('/'))).toEqual(['root', 'root/fire', 'root/critical']);

    const { notify: n2, trace: t2 } = tracePolicy(policy, { ...call114, severity: 'major' });
    expect(n2).toEqual([
      expect.objectContaining({ path: ['root', 'hotline', '114'], contactPoints: ['pccc-114'], quietHours: { from: '22:00', to: '06:00' } }),
    ]);
    expect(t2.find((t) => t.path.at(-1) === '114')!.reasons).toEqual([{ field: 'lines', wanted: ['114'], actual: '114', ok: true }]);
    const noLine = tracePolicy(policy, { ...call114, severity: 'major', line: null });
    expect(noLine.notify.map((r) => r.path.join('/'))).toEqual(['root/hotline']);
  });

  it('lists every contact point the policy names, routes and escalation roles alike', () => {
    expect([...contactPointNamesOf(policy)].sort()).toEqual(['catch-all', 'giam-doc', 'hotline-desk', 'pccc-114', 'truc-ban', 'truong-ca']);
  });
});
