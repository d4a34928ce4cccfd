import type { DISPATCH_UNITS as ContractUnits } from '@cityops/contracts';

export type DispatchUnit = (typeof ContractUnits)[number];

/**
 * Who an incident can be dispatched to, in the order of keys 1–7. Restated from contracts, whose
 * values cannot be imported into the bundle (README, "What it may import"); the type fails tsc if
 * contracts change, and dispatch-units.test.ts checks the order.
 */
export const DISPATCH_UNITS: readonly DispatchUnit[] = ['113', '114', '115', 'ward_staff', 'camera_maintenance', 'transit_operator', 'one_stop_shop'];

/**
 * What the dispatch dialog's one field means: a digit 1–7 picks that unit, a unit's code or its
 * name in either language picks the unit, anything else is a free-text assignee (a named team).
 * Null while there is nothing to send.
 */
export function resolveAssignee(input: string, names: (unit: DispatchUnit) => readonly string[] = () => []): string | null {
  const text = input.trim();
  if (!text) return null;
  if (/^[1-9]$/.test(text)) return DISPATCH_UNITS[Number(text) - 1] ?? null;
  const lower = text.toLocaleLowerCase();
  for (const unit of DISPATCH_UNITS) {
    if (unit === lower || names(unit).some((n) => n.toLocaleLowerCase() === lower)) return unit;
  }
  return text;
}
