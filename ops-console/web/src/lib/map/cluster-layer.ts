import { TextLayer, type ScatterplotLayer } from '@deck.gl/layers';
import { clusterRadius, clusterRings, type Cluster } from './cluster-grid.ts';
import type { Rgba } from './status-color.ts';
import { outlinedDots } from './outlined-dots.ts';

/** One disc of a cluster's stacked rings; picking returns it, with its cluster. */
export interface ClusterDisc {
  cluster: Cluster;
  radius: number;
  color: Rgba;
}

/** The deck.gl id of the pickable discs; their counts are a layer of their own that is not picked. */
export const CLUSTER_LAYER_ID = 'clusters';

/** Below this zoom the wall draws clusters instead of single devices. */
export const CLUSTER_BELOW_ZOOM = 10;

/** Clusters replace single devices when zoomed out, unless the layer panel switched clustering off. */
export function drawsClusters(visible: { clusters: boolean }, zoomLevel: number): boolean {
  return visible.clusters && zoomLevel < CLUSTER_BELOW_ZOOM;
}

export function clusterDiscs(clusters: readonly Cluster[]): ClusterDisc[] {
  const out: ClusterDisc[] = [];
  for (const c of clusters) {
    for (const ring of clusterRings(c.mix, clusterRadius(c.count))) out.push({ cluster: c, radius: ring.radius, color: ring.color });
  }
  return out;
}

/** A compact count for the label: 950, 1.2k, 48k. */
export function clusterLabel(count: number): string {
  if (count < 1000) return String(count);
  return count < 10_000 ? `${(count / 1000).toFixed(1)}k` : `${Math.round(count / 1000)}k`;
}

/** Clusters as stacked status-coloured discs (the mix at a glance) with their size written on them. */
export function clusterLayers(
  clusters: readonly Cluster[],
  discs: readonly ClusterDisc[],
  visible = true,
): [ScatterplotLayer<ClusterDisc>, TextLayer<Cluster>] {
  return [
    outlinedDots<ClusterDisc>({
      id: CLUSTER_LAYER_ID,
      data: discs,
      visible,
      getPosition: (d) => [d.cluster.lon, d.cluster.lat],
      getRadius: (d) => d.radius,
      getFillColor: (d) => d.color,
      getLineColor: [7, 11, 20, 200],
      getLineWidth: 1,
    }),
    new TextLayer<Cluster>({
      id: `${CLUSTER_LAYER_ID}-counts`,
      data: clusters,
      visible,
      pickable: false,
      getPosition: (c) => [c.lon, c.lat],
      getText: (c) => clusterLabel(c.count),
      getSize: 11,
      getColor: [255, 255, 255, 255],
      fontWeight: 700,
      characterSet: '0123456789.k',
      outlineWidth: 3,
      outlineColor: [7, 11, 20, 255],
      fontSettings: { sdf: true },
      getTextAnchor: 'middle',
      getAlignmentBaseline: 'center',
    }),
  ];
}
