import { describe, expect, it } from 'vitest';
import type { Incident, NotificationPolicy } from '@cityops/contracts';
import { groupJoins, nextGroupDue, planIncidentEvent, type PlanContext } from './plan.ts';
import type { IncidentFacts } from './match-routes.ts';
import { testIncident } from './incident.fixture.ts';
import { buildGroupMessage, withIncidentAdded } from '../message/group-message.ts';
import { emailSubject, emailText } from '../message/render.ts';

const incident = (id: number, over: Partial<Incident> = {}): Incident =>
  testIncident({ id, title: `Camera CAM-00${id} mất kết nối`, deviceId: `CAM-00${id}`, address: null, openedAt: '2026-12-04T08:00:00.000Z', ...over });
const factsOf = (i: Incident): IncidentFacts => ({ kind: i.kind, severity: i.severity, area: i.area, line: null, ruleId: i.ruleId });

const policy: NotificationPolicy = {
  root: {
    groupWaitMs: 30_000,
    routes: [
      {
        name: 'cameras',
        matchers: { kinds: ['camera_offline'] },
        contactPoints: ['ward-hook'],
        groupBy: ['kind', 'area'],
        groupIntervalMs: 300_000,
        quietHours: { from: '22:00', to: '06:00' },
      },
      { name: 'fire', matchers: { kinds: ['fire_alarm'] }, contactPoints: ['ward-hook'] },
    ],
  },
};
const ctx: PlanContext = {
  policy,
  contactPoints: new Map([['ward-hook', 1]]),
  publicUrl: 'https://ioc.example',
  giveUpAfterMs: 600_000,
  utcOffsetMinutes: 420,
};
const day = new Date('2026-12-04T08:00:00Z'); // 15:00 in Hanoi
const night = new Date('2026-12-04T16:00:00Z'); // 23:00 in Hanoi

describe('grouped routes', () => {
  it('name a group by the route and the incident’s values of groupBy, and leave single-incident planning to ungrouped routes', () => {
    const [join] = groupJoins(factsOf(incident(1)), ctx);
    expect(join).toMatchObject({
      contactPointId: 1,
      groupKey: 'root/cameras|kind=camera_offline|area=ba-dinh',
      by: { kind: 'camera_offline', area: 'ba-dinh' },
    });
    expect(groupJoins(factsOf(incident(2, { area: 'hoan-kiem' })), ctx)[0]!.groupKey).toBe('root/cameras|kind=camera_offline|area=hoan-kiem');
    expect(planIncidentEvent('incident.opened', incident(1), factsOf(incident(1)), day, ctx, new Set(), day)).toEqual([]);
    expect(groupJoins(factsOf(incident(3, { kind: 'fire_alarm' })), ctx)).toEqual([]);
  });

  it('send a group’s first notification after the group wait, the next a group interval after the last went', () => {
    const [join] = groupJoins(factsOf(incident(1)), ctx);
    expect(nextGroupDue(join!, null, incident(1), day, ctx)).toEqual(new Date(day.getTime() + 30_000));
    const sentAt = new Date(day.getTime() + 30_000);
    // 1 minute after: waits for the interval from when the last one went.
    expect(nextGroupDue(join!, { dueAt: sentAt, deliveredAt: sentAt }, incident(2), new Date(day.getTime() + 60_000), ctx)).toEqual(
      new Date(sentAt.getTime() + 300_000),
    );
    // Long after: only the group wait.
    const later = new Date(day.getTime() + 3_600_000);
    expect(nextGroupDue(join!, { dueAt: sentAt, deliveredAt: sentAt }, incident(3), later, ctx)).toEqual(new Date(later.getTime() + 30_000));
  });

  it('hold a group for quiet hours, but never a critical incident, nor for the interval', () => {
    const [join] = groupJoins(factsOf(incident(1)), ctx);
    expect(nextGroupDue(join!, null, incident(1), night, ctx)).toEqual(new Date('2026-12-04T23:00:00Z')); // 06:00 in Hanoi
    const justSent = { dueAt: night, deliveredAt: night };
    expect(nextGroupDue(join!, justSent, incident(2, { severity: 'critical' }), night, ctx)).toEqual(new Date(night.getTime() + 30_000));
  });

  it('list every incident in one message, in an SMS-sized line and an e-mail', () => {
    let body = buildGroupMessage({
      key: 'group:k:1:cp1',
      incident: incident(1),
      at: day,
      publicUrl: 'https://ioc.example',
      groupKey: 'k',
      by: { kind: 'camera_offline', area: 'ba-dinh' },
    });
    for (const id of [2, 3, 4]) body = withIncidentAdded(body, incident(id, id === 3 ? { severity: 'major' } : {}), 'https://ioc.example');
    expect(body.incident.id).toBe(1);
    expect(body.group!.incidents.map((i) => i.id)).toEqual([1, 2, 3, 4]);
    expect(body.group!.incidents[3]!.link).toBe('https://ioc.example/?incident=4');
    expect(body.text).toBe(
      '[Nghiêm trọng] 4 sự cố mới: Camera mất kết nối — ba-dinh: #1 Camera CAM-001 mất kết nối; #2 Camera CAM-002 mất kết nối; #3 Camera CAM-003 mất kết nối; và 1 sự cố khác',
    );
    expect(emailSubject(body)).toBe('[cityops] 4 sự cố mới: Camera mất kết nối — ba-dinh');
    expect(emailText(body)).toContain('#4 [Cảnh báo] Camera CAM-004 mất kết nối');
  });
});
