import { describe, expect, it } from 'vitest';
import { incidentFixture as incident } from '../map/incident.fixture.ts';
import { moveSelection, NO_SELECTION, selectId } from './selection.ts';

const queue = [incident(10), incident(20), incident(30)];

describe('moveSelection', () => {
  it('starts at the top with ↓ and at the bottom with ↑', () => {
    expect(moveSelection(queue, NO_SELECTION, 1)).toEqual({ id: 10, row: 0 });
    expect(moveSelection(queue, NO_SELECTION, -1)).toEqual({ id: 30, row: 2 });
  });

  it('moves by one and stops at either end', () => {
    expect(moveSelection(queue, { id: 10, row: 0 }, 1)).toEqual({ id: 20, row: 1 });
    expect(moveSelection(queue, { id: 20, row: 1 }, -1)).toEqual({ id: 10, row: 0 });
    expect(moveSelection(queue, { id: 30, row: 2 }, 1)).toEqual({ id: 30, row: 2 });
    expect(moveSelection(queue, { id: 10, row: 0 }, -1)).toEqual({ id: 10, row: 0 });
  });

  it('follows the incident when the queue reorders under it', () => {
    const reordered = [incident(30), incident(10), incident(20)];
    expect(moveSelection(reordered, { id: 10, row: 0 }, 1)).toEqual({ id: 20, row: 2 });
  });

  it('carries on from the row of an incident that left the queue', () => {
    const after = [incident(10), incident(30)]; // 20 was resolved elsewhere
    expect(moveSelection(after, { id: 20, row: 1 }, 1)).toEqual({ id: 30, row: 1 });
    expect(moveSelection(after, { id: 20, row: 1 }, -1)).toEqual({ id: 10, row: 0 });
    expect(moveSelection([incident(10)], { id: 20, row: 5 }, 1)).toEqual({ id: 10, row: 0 });
  });

  it('selects nothing in an empty queue', () => {
    expect(moveSelection([], { id: 20, row: 1 }, 1)).toEqual(NO_SELECTION);
  });

  it('remembers the row of a clicked incident', () => {
    expect(selectId(queue, 30)).toEqual({ id: 30, row: 2 });
    expect(selectId(queue, 99)).toEqual({ id: 99, row: -1 });
  });
});
