import { describe, expect, it } from 'vitest';
import { deviceFilter, inArea, initialLayerState, isShown, LAYER_IDS, sameDeviceFilter, setArea, toggleLayer } from './layer-state.ts';

describe('layer state', () => {
  it('starts with every layer on and the whole city', () => {
    const s = initialLayerState();
    expect(LAYER_IDS.every((id) => s.visible[id])).toBe(true);
    expect(s.area).toBeNull();
  });

  it('toggles one layer, returning the same state when nothing changes', () => {
    const s = initialLayerState();
    const off = toggleLayer(s, 'camera');
    expect(off.visible.camera).toBe(false);
    expect(off.visible.fire).toBe(true);
    expect(s.visible.camera).toBe(true);
    expect(toggleLayer(off, 'camera', false)).toBe(off);
    expect(toggleLayer(off, 'camera').visible.camera).toBe(true);
  });

  it('filters by area; the empty choice means the whole city', () => {
    const s = setArea(initialLayerState(), 'Hoàn Kiếm');
    expect(s.area).toBe('Hoàn Kiếm');
    expect(setArea(s, '').area).toBeNull();
    expect(setArea(s, 'Hoàn Kiếm')).toBe(s);
  });

  it('derives which devices are drawn from the kinds switched on and the area', () => {
    const f = deviceFilter(setArea(toggleLayer(initialLayerState(), 'camera'), 'Ba Đình'));
    expect(isShown({ kind: 'camera', area: 'Ba Đình' }, f)).toBe(false);
    expect(isShown({ kind: 'fire', area: 'Ba Đình' }, f)).toBe(true);
    expect(isShown({ kind: 'fire', area: 'Hoàn Kiếm' }, f)).toBe(false);
    expect(sameDeviceFilter(f, deviceFilter(setArea(toggleLayer(initialLayerState(), 'camera'), 'Ba Đình')))).toBe(true);
    expect(sameDeviceFilter(f, deviceFilter(initialLayerState()))).toBe(false);
  });

  it('keeps incidents without an area under an area filter', () => {
    expect(inArea({ area: null }, 'Ba Đình')).toBe(true);
    expect(inArea({ area: 'Hoàn Kiếm' }, 'Ba Đình')).toBe(false);
    expect(inArea({ area: 'Hoàn Kiếm' }, null)).toBe(true);
  });
});
