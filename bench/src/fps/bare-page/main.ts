/**
 * The reference page of the fps bench: deck.gl alone drawing the same points, with the same number of
 * status updates per second applied locally, written the fastest plain way (binary attributes,
 * colours changed in place, one upload per frame). Query: `?n=50000&rate=2000`.
 */
import { Deck } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import { BENCH_CENTER, BENCH_ZOOM, fleetPositions } from '../fleet.ts';
import { prng } from '../../prng.ts';

const COLORS: Record<string, [number, number, number, number]> = { online: [46, 204, 113, 255], degraded: [241, 196, 15, 255] };

const params = new URLSearchParams(location.search);
const n = Number(params.get('n') ?? 50_000);
const rate = Number(params.get('rate') ?? 2_000);
const positions = fleetPositions(n);
const colors = new Uint8Array(n * 4);
for (let i = 0; i < n; i++) colors.set(COLORS.online!, i * 4);
const radii = new Float32Array(n).fill(1);
const rnd = prng(7);

const position = { value: positions, size: 2 };
const radius = { value: radii, size: 1 };
let data = { length: n, attributes: { getPosition: position, getFillColor: { value: colors, size: 4, normalized: true }, getRadius: radius } };

const layer = () => new ScatterplotLayer({ id: 'devices', data, pickable: true, radiusUnits: 'pixels', radiusScale: 3.5, stroked: false, filled: true });

const deck = new Deck({
  canvas: 'deck',
  initialViewState: { longitude: BENCH_CENTER[0], latitude: BENCH_CENTER[1], zoom: BENCH_ZOOM },
  controller: false,
  layers: [layer()],
});

let applied = 0;
let owed = 0;
let last = performance.now();
function frame(now: number): void {
  // The console receives its updates in bursts (the server polls the event log): here they are
  // spread over frames at the same average rate.
  owed += ((now - last) / 1000) * rate;
  last = now;
  const due = Math.floor(owed);
  if (due > 0) {
    owed -= due;
    for (let k = 0; k < due; k++) {
      const slot = Math.floor(rnd() * n);
      colors.set(rnd() < 0.5 ? COLORS.online! : COLORS.degraded!, slot * 4);
    }
    applied += due;
    data = { ...data, attributes: { ...data.attributes, getFillColor: { value: colors, size: 4, normalized: true } } };
    deck.setProps({ layers: [layer()] });
  }
  requestAnimationFrame(frame);
}

deck.setProps({
  onAfterRender: () => {
    (window as unknown as { __bare: { ready: boolean; applied: () => number } }).__bare = { ready: true, applied: () => applied };
  },
});
requestAnimationFrame(frame);
