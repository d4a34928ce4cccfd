import { describe, expect, it } from 'vitest';
import type { Incident, NotificationPolicy } from '@cityops/contracts';
import { planBuildingContact, planIncidentEvent, planRepeats, type PlanContext } from './plan.ts';
import type { IncidentFacts } from './match-routes.ts';
import { testIncident } from './incident.fixture.ts';

const incident = testIncident;
const factsOf = (i: Incident): IncidentFacts => ({ kind: i.kind, severity: i.severity, area: i.area, line: null, ruleId: i.ruleId });

const policy: NotificationPolicy = {
  root: {
    groupWaitMs: 30_000,
    repeatIntervalMs: 600_000,
    routes: [
      { matchers: { areas: ['ba-dinh'] }, contactPoints: ['ward-hook', 'ward-mail', 'gone'], quietHours: { from: '22:00', to: '06:00' }, sendResolved: true },
    ],
  },
  escalation: { supervisor: ['sup-sms'] },
  dispatch: { '114': ['ward-hook'] },
};
const ctx: PlanContext = {
  policy,
  contactPoints: new Map([
    ['ward-hook', 1],
    ['ward-mail', 2],
    ['sup-sms', 3],
  ]),
  publicUrl: 'https://ioc.example',
  giveUpAfterMs: 600_000,
  utcOffsetMinutes: 420,
};
// 16:00 UTC is 23:00 in Hanoi: inside the quiet hours. 08:00 UTC is 15:00 there.
const night = new Date('2026-12-04T16:00:00Z');
const day = new Date('2026-12-04T08:00:00Z');

describe('planIncidentEvent', () => {
  it('plans an opened incident for each live contact point of its routes, after the group wait, keyed by incident, step and contact point', () => {
    const i = incident();
    const planned = planIncidentEvent('incident.opened', i, factsOf(i), day, ctx, new Set(), day);
    expect(planned.map((p) => p.key)).toEqual(['incident:42:opened:cp1', 'incident:42:opened:cp2']);
    expect(planned[0]).toMatchObject({
      reason: 'opened',
      incidentId: 42,
      dueAt: new Date(day.getTime() + 30_000),
      giveUpAt: new Date(day.getTime() + 630_000),
    });
    expect(planned[0]!.message).toMatchObject({
      version: 1,
      idempotencyKey: 'incident:42:opened:cp1',
      link: 'https://ioc.example/?incident=42',
      incident: { id: 42 },
    });
    expect(planned[0]!.message.text).toBe('[Cảnh báo] Sự cố mới: Camera mất kết nối — Camera CAM-0007 mất kết nối — Ngã tư Kim Mã, ba-dinh (#42)');
  });

  it('holds non-critical notifications until quiet hours end, never critical ones', () => {
    const warning = incident();
    expect(planIncidentEvent('incident.opened', warning, factsOf(warning), night, ctx, new Set(), night)[0]!.dueAt).toEqual(new Date('2026-12-04T23:00:00Z'));
    const fire = incident({ kind: 'fire_alarm', severity: 'critical' });
    expect(planIncidentEvent('incident.opened', fire, factsOf(fire), night, ctx, new Set(), night)[0]!.dueAt).toEqual(new Date(night.getTime() + 30_000));
  });

  it("pages the escalation role's contact points once per level, only while nobody acknowledged", () => {
    const escalated = incident({ escalationLevel: 1, escalatedTo: 'supervisor' });
    const planned = planIncidentEvent('incident.updated', escalated, factsOf(escalated), day, ctx, new Set(), day);
    expect(planned).toEqual([expect.objectContaining({ key: 'incident:42:escalated-1:cp3', reason: 'escalated', dueAt: day })]);
    expect(planned[0]!.message.escalation).toEqual({ level: 1, role: 'supervisor' });
    const acknowledged = { ...escalated, state: 'acknowledged' as const };
    expect(planIncidentEvent('incident.updated', acknowledged, factsOf(acknowledged), day, ctx, new Set(), day)).toEqual([]);
    const toAdmin = incident({ escalationLevel: 2, escalatedTo: 'admin' });
    expect(planIncidentEvent('incident.updated', toAdmin, factsOf(toAdmin), day, ctx, new Set(), day)).toEqual([]);
  });

  it('tells of a resolve only the contact points that were told of the incident', () => {
    const resolved = incident({ state: 'resolved' });
    const planned = planIncidentEvent('incident.updated', resolved, factsOf(resolved), day, ctx, new Set([2]), day);
    expect(planned.map((p) => p.key)).toEqual(['incident:42:resolved:cp2']);
    expect(planIncidentEvent('incident.updated', resolved, factsOf(resolved), day, ctx, new Set(), day)).toEqual([]);
  });

  it("tells a unit's contact points once it is dispatched to, with a fire hand-off's record", () => {
    const handed = incident({ kind: 'fire_alarm', state: 'dispatched', assignee: '114' });
    const handoff = { id: 3, incidentId: 42, at: day.toISOString(), by: 'd1', unit: '114', stationId: 'PCCC-HK', building: null, stations: [], note: null };
    const planned = planIncidentEvent('incident.updated', handed, factsOf(handed), day, ctx, new Set(), day, handoff);
    expect(planned).toEqual([expect.objectContaining({ key: 'incident:42:dispatched-114:cp1', reason: 'dispatched', dueAt: day })]);
    expect(planned[0]!.message).toMatchObject({ reason: 'dispatched', handoff: { stationId: 'PCCC-HK' } });
    expect(planned[0]!.message.text).toMatch(/^\[Cảnh báo\] Bàn giao 114: Báo cháy/);
    const toWard = incident({ state: 'dispatched', assignee: 'ward_staff' });
    expect(planIncidentEvent('incident.updated', toWard, factsOf(toWard), day, ctx, new Set(), day)).toEqual([]);
  });

  it('plans nothing for an update that is neither an escalation nor a resolve', () => {
    const i = incident({ occurrences: 3 });
    expect(planIncidentEvent('incident.updated', i, factsOf(i), day, ctx, new Set([1, 2]), day)).toEqual([]);
  });
});

describe('planRepeats', () => {
  it('reminds once per repeat interval while unacknowledged, counting from the end of the group wait', () => {
    const i = incident({ openedAt: '2026-12-04T07:00:00.000Z' });
    // 60 min since opening, minus the 30 s group wait: the fifth 10-minute reminder.
    expect(planRepeats(i, factsOf(i), day, ctx).map((p) => p.key)).toEqual(['incident:42:repeated-5:cp1', 'incident:42:repeated-5:cp2']);
    expect(planRepeats(incident({ openedAt: '2026-12-04T07:55:00.000Z' }), factsOf(i), day, ctx)).toEqual([]);
    expect(planRepeats({ ...i, state: 'acknowledged' }, factsOf(i), day, ctx)).toEqual([]);
  });
});

describe('planBuildingContact', () => {
  const contact = { buildingId: 'HK-12', name: 'Bà Lan', phone: '+84912000111' };
  const withBuilding: PlanContext = { ...ctx, policy: { ...policy, buildingContact: { contactPoints: ['sup-sms', 'unknown'] } } };
  it("tells a fire alarm's building contact through the gateway, addressed to the building's number", () => {
    const fire = incident({ kind: 'fire_alarm', severity: 'critical' });
    const planned = planBuildingContact(fire, contact, day, withBuilding, day);
    expect(planned).toEqual([expect.objectContaining({ key: 'incident:42:building:cp3', reason: 'opened', dueAt: day })]);
    expect(planned[0]!.message.recipient).toEqual(contact);
  });
  it('tells it of no other kind unless the policy says so, and nothing without the policy', () => {
    expect(planBuildingContact(incident(), contact, day, withBuilding, day)).toEqual([]);
    const cameras: PlanContext = { ...ctx, policy: { ...policy, buildingContact: { contactPoints: ['sup-sms'], kinds: ['camera_offline'] } } };
    expect(planBuildingContact(incident(), contact, day, cameras, day)).toHaveLength(1);
    expect(planBuildingContact(incident({ kind: 'fire_alarm' }), contact, day, ctx, day)).toEqual([]);
  });
});
