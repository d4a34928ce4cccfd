import type { Incident } from '@cityops/contracts';

/** An open critical fire alarm at Hoàn Kiếm, for unit tests; override what a test is about. */
export function incidentFixture(id: number, over: Partial<Incident> = {}): Incident {
  return {
    id,
    kind: 'fire_alarm',
    severity: 'critical',
    state: 'open',
    title: 'Báo cháy',
    deviceId: null,
    area: null,
    address: null,
    lat: 21.03,
    lon: 105.84,
    openedAt: '2025-06-01T10:00:00Z',
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    occurrences: 1,
    assignee: null,
    dispatchedAt: null,
    closedAt: null,
    ruleId: null,
    escalationLevel: 0,
    escalatedTo: null,
    nextEscalationAt: null,
    ...over,
  };
}
