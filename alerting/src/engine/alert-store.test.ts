import { describe, expect, it } from 'vitest';
import { AlertStore } from './alert-store.ts';
import { initialState } from './state.ts';

describe('AlertStore', () => {
  it('reports only states that really changed, and deletions, once', () => {
    const store = new AlertStore();
    const a = initialState('camera-offline', 'CAM-1', 0);
    const b = initialState('camera-offline', 'CAM-2', 0);
    store.load([a]);
    store.set({ ...a }); // same content: not a change
    store.set(b);
    store.set({ ...a, state: 'pending' });
    expect(store.takeChanges()).toEqual({ upserted: [b, { ...a, state: 'pending' }], deleted: [] });
    store.delete(b);
    expect(store.takeChanges()).toEqual({ upserted: [], deleted: [{ ruleId: 'camera-offline', subject: 'CAM-2' }] });
    expect(store.takeChanges()).toEqual({ upserted: [], deleted: [] });
    expect(store.size).toBe(1);
  });
});
