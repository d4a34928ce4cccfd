/**
 * Largest-remainder apportionment: split `total` into integers proportional to `weights`,
 * summing exactly to `total` (ties go to the earlier index, so it is deterministic).
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, w) => a + Math.max(0, w), 0);
  if (total <= 0 || sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (Math.max(0, w) / sum) * total);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, frac: x - Math.floor(x) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    out[i] = (out[i] as number) + 1;
    left--;
  }
  return out;
}

/**
 * Merge per-kind lists so that every prefix holds each kind in proportion: `--devices 20`
 * then runs a little of everything instead of twenty cameras.
 */
export function interleave<T>(lists: readonly (readonly T[])[]): T[] {
  const total = lists.reduce((a, l) => a + l.length, 0);
  const taken = lists.map(() => 0);
  const out: T[] = [];
  while (out.length < total) {
    let best = -1;
    let bestScore = Infinity;
    lists.forEach((l, i) => {
      const t = taken[i] as number;
      if (t >= l.length) return;
      const score = (t + 0.5) / l.length;
      if (score < bestScore) {
        bestScore = score;
        best = i;
      }
    });
    out.push((lists[best] as readonly T[])[taken[best] as number] as T);
    taken[best] = (taken[best] as number) + 1;
  }
  return out;
}
