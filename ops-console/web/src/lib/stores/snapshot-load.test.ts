import { describe, expect, it, vi } from 'vitest';
import { loadSnapshot } from './snapshot-load.ts';

describe('loadSnapshot', () => {
  it('opens the snapshot before fetching, then loads what came back', async () => {
    const calls: string[] = [];
    const index = { beginSnapshot: () => calls.push('begin'), loadSnapshot: (items: number[]) => calls.push(`load ${items.join(',')}`) };
    expect(await loadSnapshot(index, async () => (calls.push('fetch'), [1, 2]), 'numbers')).toBe(true);
    expect(calls).toEqual(['begin', 'fetch', 'load 1,2']);
  });
  it('reports a failed fetch and loads nothing', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const index = { beginSnapshot: vi.fn(), loadSnapshot: vi.fn() };
    expect(await loadSnapshot(index, async () => Promise.reject(new Error('502')), 'devices')).toBe(false);
    expect(index.loadSnapshot).not.toHaveBeenCalled();
    expect(spy).toHaveBeenCalledWith('cityops: loading devices failed', expect.any(Error));
    spy.mockRestore();
  });
});
