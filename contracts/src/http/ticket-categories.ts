import type { Hotline } from './tickets.ts';

/** One category of reports a hotline takes, with its labels (Vietnamese first). */
export interface TicketCategory {
  code: string;
  vi: string;
  en: string;
  /** Words a citizen app may search for (Open311 `keywords`). */
  keywords: readonly string[];
}

const c = (code: string, vi: string, en: string, keywords: readonly string[]): TicketCategory => ({ code, vi, en, keywords });

/**
 * What each line takes (domain.md: HCMC's 1022 covers infrastructure, environment, traffic, public
 * order and administrative procedures; 113 police, 114 fire and rescue, 115 emergency medical). The
 * split of the emergency lines is a sample; every line has `other` so no call is refused for want of
 * a category. Codes are stable: they are stored on tickets and become Open311 service codes.
 */
export const TICKET_CATEGORIES: Readonly<Record<Hotline, readonly TicketCategory[]>> = {
  '1022': [
    c('infrastructure', 'Hạ tầng đô thị', 'Urban infrastructure', ['ổ gà', 'đèn đường', 'vỉa hè', 'pothole', 'street light', 'sidewalk']),
    c('environment', 'Môi trường', 'Environment', ['rác', 'ngập', 'tiếng ồn', 'garbage', 'flooding', 'noise']),
    c('traffic', 'Giao thông', 'Traffic', ['ùn tắc', 'đèn tín hiệu', 'congestion', 'traffic light']),
    c('public_order', 'Trật tự đô thị', 'Public order', ['lấn chiếm', 'xây dựng trái phép', 'encroachment', 'illegal construction']),
    c('administrative', 'Thủ tục hành chính', 'Administrative procedures', ['hồ sơ', 'một cửa', 'dossier', 'one-stop shop']),
    c('other', 'Khác', 'Other', []),
  ],
  '113': [
    c('crime', 'Tội phạm', 'Crime', ['trộm', 'cướp', 'theft', 'robbery']),
    c('public_disorder', 'Gây rối trật tự', 'Public disorder', ['đánh nhau', 'fight']),
    c('traffic_accident', 'Tai nạn giao thông', 'Traffic accident', ['va chạm', 'collision']),
    c('other', 'Khác', 'Other', []),
  ],
  '114': [
    c('fire', 'Cháy', 'Fire', ['cháy nhà', 'khói', 'house fire', 'smoke']),
    c('rescue', 'Cứu nạn, cứu hộ', 'Rescue', ['mắc kẹt', 'đuối nước', 'trapped', 'drowning']),
    c('hazmat', 'Sự cố hoá chất, rò rỉ khí', 'Chemical or gas leak', ['rò khí', 'gas leak']),
    c('other', 'Khác', 'Other', []),
  ],
  '115': [
    c('medical', 'Cấp cứu', 'Medical emergency', ['bất tỉnh', 'đau ngực', 'unconscious', 'chest pain']),
    c('injury', 'Tai nạn, chấn thương', 'Accident with injuries', ['chấn thương', 'injury']),
    c('other', 'Khác', 'Other', []),
  ],
};

/** The category `code` of `line`, or undefined when that line does not take it. */
export function ticketCategory(line: Hotline, code: string): TicketCategory | undefined {
  return TICKET_CATEGORIES[line].find((cat) => cat.code === code);
}

/** "a, b or c": the codes of a line, for error messages that say what would have been accepted. */
export function ticketCategoryCodes(line: Hotline): string {
  return TICKET_CATEGORIES[line].map((cat) => cat.code).join(', ');
}
