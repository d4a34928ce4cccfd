import { describe, expect, it } from 'vitest';
// Value import in a Node test only; the browser code imports types from contracts (README).
import { DISPATCH_UNITS as CONTRACT_UNITS } from '@cityops/contracts';
import { en } from '../i18n/en.ts';
import { vi } from '../i18n/vi.ts';
import { DISPATCH_UNITS, resolveAssignee, type DispatchUnit } from './dispatch-units.ts';
import { unitLabel } from './unit-label.ts';

const names = (unit: DispatchUnit) => [vi[`dispatchUnit.${unit}`], en[`dispatchUnit.${unit}`]];

describe('dispatch units', () => {
  it('are the units contracts define, in the same order (keys 1–7)', () => {
    expect(DISPATCH_UNITS).toEqual([...CONTRACT_UNITS]);
  });

  it('are picked by their number key', () => {
    expect(['1', '2', '3', '4', '5', '6', '7'].map((k) => resolveAssignee(k))).toEqual([...CONTRACT_UNITS]);
    expect(resolveAssignee(' 2 ')).toBe('114');
  });

  it('are picked by code or by name in either language, whatever the case', () => {
    expect(resolveAssignee('115')).toBe('115');
    expect(resolveAssignee('WARD_STAFF')).toBe('ward_staff');
    expect(resolveAssignee('cán bộ phường', names)).toBe('ward_staff');
    expect(resolveAssignee('Camera maintenance', names)).toBe('camera_maintenance');
  });

  it('take anything else as a free-text assignee, and nothing as nothing', () => {
    expect(resolveAssignee('Đội PCCC quận Hoàn Kiếm', names)).toBe('Đội PCCC quận Hoàn Kiếm');
    expect(resolveAssignee('8')).toBeNull();
    expect(resolveAssignee('   ')).toBeNull();
  });

  it('are shown by name; free text as typed', () => {
    expect(unitLabel(vi, '114')).toContain('Cứu hỏa');
    expect(unitLabel(en, '114')).toContain('Fire');
    expect(unitLabel(en, 'Team Hoàn Kiếm')).toBe('Team Hoàn Kiếm');
  });
});
