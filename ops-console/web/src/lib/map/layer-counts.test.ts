import { describe, expect, it } from 'vitest';
import { layerCounts } from './layer-counts.ts';
import { toggleLayer } from './layer-state.ts';
import { cluster, mapStateFixture } from './map-state.fixture.ts';

describe('layerCounts', () => {
  it('counts devices shown by kind and what each overlay draws', () => {
    const counts = layerCounts({ camera: { total: 10, shown: 7 }, fire: { total: 2, shown: 0 } }, mapStateFixture({ clusters: [cluster, cluster] }));
    expect(counts).toEqual({ camera: 7, fire: 0, transit: 0, queue: 0, incidents: 2, offices: 1, ridership: 1, tickets: 1, clusters: 2 });
  });

  it('shows 0 for an overlay that is switched off', () => {
    let visible = mapStateFixture().visible;
    for (const id of ['incidents', 'offices', 'ridership', 'tickets'] as const) visible = toggleLayer({ visible, area: null }, id, false).visible;
    expect(layerCounts({}, mapStateFixture({ visible, clusters: [] }))).toMatchObject({ incidents: 0, offices: 0, ridership: 0, tickets: 0, clusters: 0 });
  });
});
