import { describe, expect, it } from 'vitest';
import type { ResponsibleUnit } from '@cityops/contracts';
import { foldVietnamese, searchUnits } from './unit-search.ts';

const units: ResponsibleUnit[] = [
  { id: 'P-HOAN-KIEM', name: 'UBND phường Hoàn Kiếm', kind: 'ward' },
  { id: 'P-DONG-DA', name: 'UBND phường Đống Đa', kind: 'ward' },
  { id: 'CT-MOI-TRUONG', name: 'Công ty TNHH MTV Môi trường đô thị Hà Nội (URENCO)', kind: 'department' },
  { id: 'E-114', name: 'Cảnh sát PCCC và CNCH thành phố Hà Nội (114)', kind: 'emergency', phone: '114' },
];

describe('searchUnits', () => {
  it('matches without diacritics, every word in any order', () => {
    expect(searchUnits(units, 'hoan kiem').map((u) => u.id)).toEqual(['P-HOAN-KIEM']);
    expect(searchUnits(units, 'Kiếm phường').map((u) => u.id)).toEqual(['P-HOAN-KIEM']);
    expect(searchUnits(units, 'dong da').map((u) => u.id)).toEqual(['P-DONG-DA']);
    expect(searchUnits(units, 'urenco').map((u) => u.id)).toEqual(['CT-MOI-TRUONG']);
    expect(searchUnits(units, '114').map((u) => u.id)).toEqual(['E-114']);
  });

  it('lists every unit when nothing is typed, and none for a word no unit has', () => {
    expect(searchUnits(units, '  ')).toHaveLength(4);
    expect(searchUnits(units, 'hoan xyz')).toEqual([]);
  });

  it('folds đ and Đ, which NFD leaves whole', () => {
    expect(foldVietnamese('Đống Đa đô thị')).toBe('dong da do thi');
  });
});
