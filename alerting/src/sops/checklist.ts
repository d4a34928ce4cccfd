import type { ChecklistItem, SopItem, TimelineEntry } from '@cityops/contracts';

/** A tick on the timeline: `type: "checklist"` with the item's id and whether it is done now. */
export const CHECKLIST_ENTRY = 'checklist';

/**
 * An incident's checklist as it stands: each item of its kind's procedure with the latest tick or
 * untick on its timeline (who and when). Ticks of items no longer in the procedure are left out.
 */
export function checklistOf(items: readonly SopItem[], timeline: readonly TimelineEntry[]): ChecklistItem[] {
  const latest = new Map<string, TimelineEntry>();
  for (const e of timeline) {
    const item = e.type === CHECKLIST_ENTRY ? e.data.item : undefined;
    if (typeof item === 'string') latest.set(item, e);
  }
  return items.map((i) => {
    const e = latest.get(i.id);
    const done = e?.data.done === true;
    return { id: i.id, text: i.text, required: i.required, done, by: done ? (e?.actor ?? null) : null, at: done ? (e?.at ?? null) : null };
  });
}

/** Required items not done: what stops a resolve. */
export function openRequired(checklist: readonly ChecklistItem[]): ChecklistItem[] {
  return checklist.filter((i) => i.required && !i.done);
}

/** A replacement list a supervisor sends: ids unique. Returns the problem, or null. */
export function sopProblem(items: readonly SopItem[]): string | null {
  const seen = new Set<string>();
  for (const i of items) {
    if (seen.has(i.id)) return `item id ${i.id} appears twice`;
    seen.add(i.id);
  }
  return null;
}
