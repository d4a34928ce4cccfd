import type { Hotline } from '@cityops/contracts';
import type { MessageKey } from '../i18n/translate.ts';

/**
 * The hotlines and the categories each takes, restated from contracts (`HOTLINES`,
 * `TICKET_CATEGORIES`) because the web imports contract types only; ticket-lines.test.ts pins them.
 */
export const HOTLINE_LIST = ['1022', '113', '114', '115'] as const satisfies readonly Hotline[];

export const LINE_CATEGORIES: Readonly<Record<Hotline, readonly string[]>> = {
  '1022': ['infrastructure', 'environment', 'traffic', 'public_order', 'administrative', 'other'],
  '113': ['crime', 'public_disorder', 'traffic_accident', 'other'],
  '114': ['fire', 'rescue', 'hazmat', 'other'],
  '115': ['medical', 'injury', 'other'],
};

/** The dictionary key naming a category, or null for a code this build does not know (shown raw). */
export function categoryKey(line: Hotline, code: string): MessageKey | null {
  return LINE_CATEGORIES[line]?.includes(code) ? (`ticketCategory.${line}.${code}` as MessageKey) : null;
}

/** The category a transfer proposes: the same code when the new line takes it, else none (the dispatcher picks). */
export function transferCategory(to: Hotline, current: string): string | null {
  return LINE_CATEGORIES[to].includes(current) ? current : null;
}
