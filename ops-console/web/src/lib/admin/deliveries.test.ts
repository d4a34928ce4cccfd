import { describe, expect, it } from 'vitest';
// Value imports in a Node test only; the browser code imports types from contracts (README).
import { DELIVERY_STATES, NOTIFICATION_REASONS, type Delivery } from '@cityops/contracts';
import {
  canResend,
  DELIVERY_PAGE,
  DELIVERY_STATE_LIST,
  deliveriesPath,
  lastOutcome,
  NOTIFICATION_REASON_LIST,
  parseIncidentId,
  replaceDelivery,
} from './deliveries.ts';

const delivery = (patch: Partial<Delivery>): Delivery => ({
  id: 1,
  idempotencyKey: 'incident:1:opened:1',
  contactPointId: 1,
  contactPoint: 'pccc-webhook',
  contactPointType: 'webhook',
  incidentId: 1,
  reason: 'opened',
  state: 'pending',
  attempts: 0,
  createdAt: '2025-01-01T00:00:00Z',
  nextAttemptAt: null,
  deliveredAt: null,
  lastStatus: null,
  lastError: null,
  lastDurationMs: null,
  ...patch,
});

describe('deliveries', () => {
  it('restate exactly the states and reasons the server uses', () => {
    expect(DELIVERY_STATE_LIST).toEqual(DELIVERY_STATES);
    expect(NOTIFICATION_REASON_LIST).toEqual(NOTIFICATION_REASONS);
  });

  it('ask for a page newest first, filtered by what is set', () => {
    expect(deliveriesPath()).toBe(`/api/notifications?limit=${DELIVERY_PAGE}`);
    expect(deliveriesPath({ state: '' })).toBe(`/api/notifications?limit=${DELIVERY_PAGE}`);
    expect(deliveriesPath({ state: 'given_up', before: 812, incidentId: 42, contactPointId: 3, limit: 20 })).toBe(
      '/api/notifications?limit=20&state=given_up&incidentId=42&contactPointId=3&before=812',
    );
    expect(deliveriesPath({ incidentId: null, before: null })).toBe(`/api/notifications?limit=${DELIVERY_PAGE}`);
  });

  it('read an incident number as typed', () => {
    expect(parseIncidentId(' #42 ')).toBe(42);
    expect(parseIncidentId('7')).toBe(7);
    expect(parseIncidentId('  ')).toBeNull();
    expect(parseIncidentId('0')).toBe('bad');
    expect(parseIncidentId('4.5')).toBe('bad');
    expect(parseIncidentId('-3')).toBe('bad');
    expect(parseIncidentId('abc')).toBe('bad');
    expect(parseIncidentId('99999999999999999999')).toBe('bad');
  });

  it('let only admins send again, and only what was given up', () => {
    expect(canResend({ state: 'given_up' }, 'admin')).toBe(true);
    expect(canResend({ state: 'given_up' }, 'supervisor')).toBe(false);
    for (const state of ['pending', 'sending', 'delivered'] as const) expect(canResend({ state }, 'admin')).toBe(false);
  });

  it('show the last attempt: status, error, both or none', () => {
    expect(lastOutcome({ lastStatus: 502, lastError: 'Bad Gateway' })).toBe('502 · Bad Gateway');
    expect(lastOutcome({ lastStatus: null, lastError: 'connect ECONNREFUSED 10.0.0.5:443' })).toBe('connect ECONNREFUSED 10.0.0.5:443');
    expect(lastOutcome({ lastStatus: 250, lastError: null })).toBe('250');
    expect(lastOutcome({ lastStatus: null, lastError: '  ' })).toBe('—');
  });

  it('replace one row with its newer copy, leaving the order', () => {
    const items = [delivery({ id: 3 }), delivery({ id: 2, state: 'given_up' }), delivery({ id: 1 })];
    const resent = delivery({ id: 2, state: 'pending', attempts: 0 });
    expect(replaceDelivery(items, resent).map((d) => [d.id, d.state])).toEqual([
      [3, 'pending'],
      [2, 'pending'],
      [1, 'pending'],
    ]);
    expect(replaceDelivery(items, resent)[1]).toBe(resent);
    expect(items[1]!.state).toBe('given_up');
  });
});
