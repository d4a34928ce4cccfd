import type { Incident } from '@cityops/contracts';

/** Where the selection is: the incident, and the row it was last seen at. */
export interface Selection {
  id: number | null;
  /** Row of the selected incident when it was last in the queue; -1 before the first selection. */
  row: number;
}

export const NO_SELECTION: Selection = { id: null, row: -1 };

/**
 * ↑/↓ (or k/j) by `delta` rows. Nothing selected: ↓ takes the first row, ↑ the last. When the
 * selected incident has left the queue (resolved elsewhere), the move starts from the row it held,
 * so the operator carries on where they were instead of jumping back to the top.
 */
export function moveSelection(queue: readonly Incident[], current: Selection, delta: number): Selection {
  if (queue.length === 0) return { id: null, row: -1 };
  const at = current.id === null ? -1 : queue.findIndex((i) => i.id === current.id);
  let row: number;
  if (at >= 0) row = at + delta;
  else if (current.row >= 0) row = delta > 0 ? current.row : current.row + delta;
  else row = delta > 0 ? 0 : queue.length - 1;
  row = Math.min(Math.max(row, 0), queue.length - 1);
  return { id: queue[row]!.id, row };
}

/** The selection after a click or a map pick. */
export function selectId(queue: readonly Incident[], id: number): Selection {
  return { id, row: queue.findIndex((i) => i.id === id) };
}
