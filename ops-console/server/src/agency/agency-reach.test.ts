import { describe, expect, it } from 'vitest';
import { agencyReachesIncident, agencyReachesTicket } from './agency-reach.ts';

const fire114 = { agencyLines: ['114' as const], agencyAreas: [] };
const police113 = { agencyLines: ['113' as const], agencyAreas: [] };
const ward = { agencyLines: [], agencyAreas: ['hoan-kiem'] };

describe('agency reach', () => {
  const alarm = { kind: 'fire_alarm' as const, assignee: null, area: 'ba-dinh' };
  const theft = { kind: 'hotline' as const, assignee: null, area: null };
  it('gives 114 every fire incident, 113 none of them', () => {
    expect(agencyReachesIncident(fire114, alarm, null)).toBe(true);
    expect(agencyReachesIncident(police113, alarm, null)).toBe(false);
  });
  it('gives a line the incidents about its tickets and those dispatched to it', () => {
    expect(agencyReachesIncident(police113, theft, '113')).toBe(true);
    expect(agencyReachesIncident(fire114, theft, '113')).toBe(false);
    expect(agencyReachesIncident(police113, { kind: 'manual', assignee: '113', area: null }, null)).toBe(true);
    expect(agencyReachesIncident(police113, { kind: 'manual', assignee: '115', area: null }, null)).toBe(false);
  });
  it('gives an area key the incidents in its areas only', () => {
    expect(agencyReachesIncident(ward, { kind: 'camera_offline', assignee: null, area: 'hoan-kiem' }, null)).toBe(true);
    expect(agencyReachesIncident(ward, { kind: 'camera_offline', assignee: null, area: 'ba-dinh' }, null)).toBe(false);
    expect(agencyReachesIncident(ward, { kind: 'camera_offline', assignee: null, area: null }, null)).toBe(false);
  });
  it('gives tickets by line', () => {
    expect(agencyReachesTicket(fire114, { line: '114' })).toBe(true);
    expect(agencyReachesTicket(fire114, { line: '113' })).toBe(false);
    expect(agencyReachesTicket(ward, { line: '1022' })).toBe(false);
  });
});
