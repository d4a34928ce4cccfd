/** Metres per degree of latitude, and of longitude at the equator (WGS 84 mean, enough for binning). */
const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LON = 111_320;

export interface Hex {
  /** Centre. */
  lon: number;
  lat: number;
  /** Sum of the weights binned here. */
  value: number;
  /** Points binned here. */
  points: number;
  /** `q,r` axial coordinates: stable between updates. */
  id: string;
}

/**
 * Bins weighted points into flat-top hexagons of circumradius `radiusM` (centre to corner, what
 * deck.gl's ColumnLayer with `diskResolution: 6` takes), on a local plane around `originLat`: a city
 * is small enough that the equirectangular error stays under a percent.
 */
export function hexBin(points: readonly { lon: number; lat: number; weight: number }[], radiusM: number, originLat: number): Hex[] {
  const kx = M_PER_DEG_LON * Math.cos((originLat * Math.PI) / 180);
  const bins = new Map<string, Hex & { q: number; r: number }>();
  for (const p of points) {
    const x = p.lon * kx;
    const y = p.lat * M_PER_DEG_LAT;
    const [q, r] = hexRound(((2 / 3) * x) / radiusM, ((-1 / 3) * x + (Math.sqrt(3) / 3) * y) / radiusM);
    const id = `${q},${r}`;
    let bin = bins.get(id);
    if (!bin) {
      const cx = radiusM * 1.5 * q;
      const cy = radiusM * Math.sqrt(3) * (r + q / 2);
      bin = { lon: cx / kx, lat: cy / M_PER_DEG_LAT, value: 0, points: 0, id, q, r };
      bins.set(id, bin);
    }
    bin.value += p.weight;
    bin.points++;
  }
  return [...bins.values()].map(({ q: _q, r: _r, ...h }) => h);
}

/** Rounds fractional axial coordinates to the hexagon that contains them (cube rounding). */
export function hexRound(qf: number, rf: number): [number, number] {
  const sf = -qf - rf;
  let q = Math.round(qf);
  let r = Math.round(rf);
  const s = Math.round(sf);
  const dq = Math.abs(q - qf);
  const dr = Math.abs(r - rf);
  const ds = Math.abs(s - sf);
  if (dq > dr && dq > ds) q = -r - s;
  else if (dr > ds) r = -q - s;
  return [q + 0, r + 0];
}
