import type { Building } from '@cityops/contracts';
import type { Locale } from '../i18n/translate.ts';

/**
 * How far a station is, the way a dispatcher says it on the phone: metres to the nearest 10 under a
 * kilometre, then kilometres with one decimal, in the locale's decimal mark.
 */
export function formatDistance(metres: number, locale: Locale): string {
  if (metres < 1000) return `${Math.round(metres / 10) * 10} m`;
  const km = (Math.round(metres / 100) / 10).toLocaleString(locale === 'vi' ? 'vi-VN' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return `${km} km`;
}

/** "12 tầng + 2 hầm" / "12 floors + 2 basements": the building's height as a crew plans for it. */
export function floorsText(b: Pick<Building, 'floors' | 'basementFloors'>, words: { floors: string; basements: string }): string | null {
  if (b.floors === null) return null;
  const above = `${b.floors} ${words.floors}`;
  return b.basementFloors ? `${above} + ${b.basementFloors} ${words.basements}` : above;
}
