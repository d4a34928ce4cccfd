import type { SopItem } from '@cityops/contracts';

/** An id for a new checklist item, unique in the list (`step-4`…): ids of ticked items must never change. */
export function newItemId(items: readonly Pick<SopItem, 'id'>[]): string {
  const taken = new Set(items.map((i) => i.id));
  let n = items.length + 1;
  while (taken.has(`step-${n}`)) n++;
  return `step-${n}`;
}

/** The list with item `index` moved by `delta` (−1 up, +1 down); the same list at either end. */
export function moveItem<T>(items: readonly T[], index: number, delta: number): T[] {
  const to = index + delta;
  if (index < 0 || index >= items.length || to < 0 || to >= items.length) return [...items];
  const next = [...items];
  const [moved] = next.splice(index, 1);
  next.splice(to, 0, moved!);
  return next;
}

/** The items to send: texts trimmed; the indexes of empty ones are the problems to show. */
export function sopRequest(items: readonly SopItem[]): { ok: true; items: SopItem[] } | { ok: false; empty: number[] } {
  const trimmed = items.map((i) => ({ ...i, text: i.text.trim() }));
  const empty = trimmed.flatMap((i, n) => (i.text === '' ? [n] : []));
  return empty.length > 0 ? { ok: false, empty } : { ok: true, items: trimmed };
}
