import { describe, expect, it } from 'vitest';
import { DICTIONARIES } from '../i18n/translate.ts';
import type { MapLayerEntry, PickContext } from './layer-registry.ts';
import { clickFor, entryFor, resolvePick, tooltipFor } from './map-picking.ts';
import { device, hex, office } from './map-state.fixture.ts';

const ctx: PickContext = { deviceAt: (i) => (i === 3 ? device : undefined), zoom: 12 };

describe('picking through the registry', () => {
  it('finds an entry by the id of the layer deck.gl reports', () => {
    expect(entryFor('offices')?.id).toBe('offices');
    expect(entryFor('cluster-counts')).toBeUndefined();
  });

  it('clears the details card over empty map, and over a device slot that is gone', () => {
    expect(clickFor(resolvePick({ index: -1 }, ctx), ctx)).toEqual({ type: 'clear' });
    expect(clickFor(resolvePick({ layer: { id: 'devices' }, index: 7 }, ctx), ctx)).toEqual({ type: 'clear' });
  });

  it('asks the entry of the picked layer what a click means', () => {
    expect(clickFor(resolvePick({ layer: { id: 'devices' }, index: 3 }, ctx), ctx)).toMatchObject({ type: 'details', selection: { type: 'device', device } });
    expect(clickFor(resolvePick({ layer: { id: 'offices' }, index: 0, object: office }, ctx), ctx)).toEqual({
      type: 'details',
      selection: { type: 'office', office },
    });
  });

  it('does nothing for an object whose layer has no click (ridership), or no entry', () => {
    expect(clickFor(resolvePick({ layer: { id: 'ridership' }, index: 0, object: hex }, ctx), ctx)).toEqual({ type: 'none' });
    expect(clickFor(resolvePick({ layer: { id: 'basemap' }, index: 0, object: {} }, ctx), ctx)).toEqual({ type: 'none' });
  });

  it('hover and click see the same object: a device resolved from its slot', () => {
    const picked = resolvePick({ layer: { id: 'devices' }, index: 3 }, ctx);
    expect(picked?.object).toBe(device);
    expect(tooltipFor(picked, DICTIONARIES.en)?.text).toBe('Cổng\nCamera · Online\nBa Đình');
  });

  it('dispatches on the registry it is given', () => {
    const entry: MapLayerEntry<{ n: number }> = { id: 'test', build: () => [], tooltip: (o) => [`n=${o.n}`, ''] };
    const registry = [entry as MapLayerEntry];
    const picked = resolvePick({ layer: { id: 'test' }, index: 0, object: { n: 2 } }, ctx, registry);
    expect(tooltipFor(picked, DICTIONARIES.vi)).toEqual({ text: 'n=2' });
    expect(clickFor(picked, ctx)).toEqual({ type: 'none' });
  });
});
