import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http.ts';
import { ackConflictMessage, incidentFromAck } from './ack-response.ts';

describe('incidentFromAck', () => {
  it('reads the incident bare or wrapped, and nothing else', () => {
    expect(incidentFromAck({ id: 3, state: 'acknowledged' })).toEqual({ id: 3, state: 'acknowledged' });
    expect(incidentFromAck({ incident: { id: 3, state: 'acknowledged' } })?.id).toBe(3);
    expect(incidentFromAck({ ok: true })).toBeNull();
    expect(incidentFromAck(null)).toBeNull();
  });
});

describe('ackConflictMessage', () => {
  const base = { type: 'x', title: 'Incident already acknowledged by someone else', status: 409, code: 'CITYOPS_INCIDENT_ALREADY_ACKNOWLEDGED' };

  it('names who acknowledged when the problem says so', () => {
    const err = new ApiError(409, { ...base, acknowledgedBy: 'dispatcher2' } as never);
    expect(ackConflictMessage(err)).toEqual({ key: 'incidents.ackConflictBy', params: { by: 'dispatcher2' } });
  });

  it('falls back to the detail, then the title', () => {
    expect(ackConflictMessage(new ApiError(409, { ...base, detail: 'Acknowledged by dispatcher2 at 10:04' }))).toEqual({
      key: 'incidents.ackConflict',
      params: { detail: 'Acknowledged by dispatcher2 at 10:04' },
    });
    expect(ackConflictMessage(new ApiError(409, base))).toEqual({
      key: 'incidents.ackConflict',
      params: { detail: 'Incident already acknowledged by someone else' },
    });
  });
});
