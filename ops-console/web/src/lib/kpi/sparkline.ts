/**
 * Sparklines for the KPI strip: an SVG path through the last few values of a figure, one per
 * 5-minute slot: the rollups' history loaded with the page, extended by the live ticks (KpiHistory).
 */
export interface SparklineOptions {
  /** Drawing size in user units (the SVG's viewBox). */
  width: number;
  height: number;
  /**
   * Slots across the width. With more slots than values the line ends at the right edge and grows
   * leftwards, so the time scale stays the same while the history fills. Default: the values' count.
   */
  capacity?: number;
  /** Room kept above and below the line so the stroke is not clipped. Default 2. */
  pad?: number;
  /**
   * The least range the height stands for, centred on the values: keeps a 99.9 → 99.6 % wobble
   * from filling the box like a collapse. Default 0 (the values' own range).
   */
  minSpan?: number;
}

const round = (n: number): number => Math.round(n * 10) / 10;

/**
 * `M x,y L x,y …` scaled to the values' range (a flat series runs through the middle). A null
 * or non-finite value is a gap: the line breaks there. A point alone between gaps is drawn as a
 * zero-length segment, which a round line cap shows as a dot. No values: the empty string.
 */
export function sparklinePath(values: readonly (number | null)[], opts: SparklineOptions): string {
  const capacity = Math.max(1, Math.floor(opts.capacity ?? values.length));
  const shown = values.slice(-capacity);
  const pad = opts.pad ?? 2;
  let min = Infinity;
  let max = -Infinity;
  for (const v of shown) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) return '';
  const minSpan = opts.minSpan ?? 0;
  if (max - min < minSpan && max > min) {
    const mid = (max + min) / 2;
    [min, max] = [mid - minSpan / 2, mid + minSpan / 2];
  }
  const step = capacity > 1 ? opts.width / (capacity - 1) : 0;
  const x0 = opts.width - (shown.length - 1) * step;
  const span = opts.height - 2 * pad;
  const y = (v: number): number => (max === min ? opts.height / 2 : pad + ((max - v) / (max - min)) * span);

  const segments: string[][] = [];
  let current: string[] | null = null;
  shown.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      current = null;
      return;
    }
    if (!current) segments.push((current = []));
    current.push(`${round(x0 + i * step)},${round(y(v))}`);
  });
  return segments.map(([first, ...rest]) => `M${first}${rest.length ? `L${rest.join('L')}` : 'h0'}`).join('');
}
