import { ScatterplotLayer, type ScatterplotLayerProps } from '@deck.gl/layers';

/**
 * The map's outlined, pickable discs sized in screen pixels — offices, hotline tickets, clusters:
 * one place for what they share, so a new overlay reads like the others.
 */
export function outlinedDots<T>(props: ScatterplotLayerProps<T> & { id: string }): ScatterplotLayer<T> {
  return new ScatterplotLayer<T>({ pickable: true, radiusUnits: 'pixels', lineWidthUnits: 'pixels', stroked: true, filled: true, ...props });
}
