import type { ResponsibleUnit } from '@cityops/contracts';

/**
 * Text as a dispatcher types it at speed: lower case, without Vietnamese diacritics (đ → d), so
 * "hoan kiem" finds "UBND phường Hoàn Kiếm".
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/** Units matching every word typed, in any order, against the name, id and phone; in the directory's order. */
export function searchUnits(units: readonly ResponsibleUnit[], query: string): ResponsibleUnit[] {
  const words = foldVietnamese(query).split(/\s+/).filter(Boolean);
  return units.filter((u) => {
    const hay = foldVietnamese(`${u.name} ${u.id} ${u.phone ?? ''}`);
    return words.every((w) => hay.includes(w));
  });
}
