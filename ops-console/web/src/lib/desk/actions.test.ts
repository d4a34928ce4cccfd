import { describe, expect, it } from 'vitest';
import { incidentFixture as incident } from '../map/incident.fixture.ts';
import { availableActions } from './actions.ts';

const of = (state: string, role = 'dispatcher', kind = 'camera_offline') =>
  [...availableActions(incident(1, { state: state as never, kind: kind as never }), role as never)].sort();

describe('availableActions', () => {
  it('follows the lifecycle for a dispatcher', () => {
    expect(of('open')).toEqual(['ack', 'comment', 'dispatch', 'link', 'merge', 'resolve']);
    expect(of('acknowledged')).toEqual(['comment', 'dispatch', 'link', 'merge', 'resolve']);
    expect(of('dispatched')).toEqual(['comment', 'dispatch', 'link', 'merge', 'resolve']);
    // A resolved incident still takes a ticket about it, but is no longer merged anywhere.
    expect(of('resolved')).toEqual(['close', 'comment', 'link']);
    expect(of('closed')).toEqual([]);
  });

  it('adds the hand-off to 114 for live fire incidents only', () => {
    expect(of('open', 'dispatcher', 'fire_alarm')).toEqual(['ack', 'comment', 'dispatch', 'handoff', 'link', 'merge', 'resolve']);
    expect(of('dispatched', 'dispatcher', 'fire_fault')).toEqual(['comment', 'dispatch', 'handoff', 'link', 'merge', 'resolve']);
    expect(of('resolved', 'dispatcher', 'fire_alarm')).toEqual(['close', 'comment', 'link']);
    expect(of('open', 'viewer', 'fire_alarm')).toEqual([]);
  });

  it('gives supervisors and admins the same, and a silence while the incident is not closed', () => {
    expect(of('open', 'supervisor')).toEqual([...of('open'), 'silence'].sort());
    expect(of('resolved', 'admin')).toEqual([...of('resolved'), 'silence'].sort());
    expect(of('closed', 'admin')).toEqual([]);
    expect(of('open', 'dispatcher')).not.toContain('silence');
  });

  it('gives a viewer nothing, whatever the state', () => {
    for (const state of ['open', 'acknowledged', 'dispatched', 'resolved']) expect(of(state, 'viewer')).toEqual([]);
  });

  it('gives nothing without an incident or a user', () => {
    expect(availableActions(null, 'admin').size).toBe(0);
    expect(availableActions(incident(1), undefined).size).toBe(0);
  });
});
