/**
 * Event-log ids come from a sequence, so a transaction that commits late leaves a hole that fills
 * later; a rolled-back one leaves a hole forever. A reader may pass a hole only once it is older
 * than `graceMs`; before that it stops just short of it and looks again.
 */
export function contiguousPrefix<T extends { id: number; at: Date }>(rows: readonly T[], afterId: number, now: number, graceMs: number): T[] {
  const out: T[] = [];
  let expected = afterId + 1;
  for (const row of rows) {
    if (row.id !== expected && now - row.at.getTime() < graceMs) break;
    out.push(row);
    expected = row.id + 1;
  }
  return out;
}
