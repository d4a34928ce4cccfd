import { describe, expect, it } from 'vitest';
import { moveItem, newItemId, sopRequest } from './sop-edit.ts';

describe('editing a procedure', () => {
  it('gives a new item an id no other item has', () => {
    expect(newItemId([])).toBe('step-1');
    expect(newItemId([{ id: 'confirm' }, { id: 'step-3' }])).toBe('step-4');
  });

  it('moves an item up or down, and not past either end', () => {
    expect(moveItem(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
  });

  it('trims texts and names the empty items', () => {
    expect(sopRequest([{ id: 'a', text: ' Gọi 114 ', required: true }])).toEqual({ ok: true, items: [{ id: 'a', text: 'Gọi 114', required: true }] });
    expect(
      sopRequest([
        { id: 'a', text: 'x', required: false },
        { id: 'b', text: '  ', required: true },
      ]),
    ).toEqual({ ok: false, empty: [1] });
  });
});
