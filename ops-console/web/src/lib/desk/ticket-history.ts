import type { TicketHistoryEntry } from '@cityops/contracts';
import type { MessageKey } from '../i18n/translate.ts';

const KNOWN = new Set([
  'received',
  'forwarded',
  'in_progress',
  'answered',
  'closed',
  'transferred',
  'note',
  'deadline_breached',
  // The notifier's e-mails to a citizen who asked for updates, and the citizen turning them off.
  'citizen_notified',
  'citizen_notification_given_up',
  'citizen_notification_withdrawn',
  'citizen_updates_stopped',
]);

/** The dictionary key naming a history entry's type, or null for a type this build does not know (shown raw). */
export function historyKey(type: string): MessageKey | null {
  return KNOWN.has(type) ? (`ticketHistory.${type}` as MessageKey) : null;
}

/** The unit a forward entry names (`data.unit.name`), if it names one. */
export function historyUnit(entry: TicketHistoryEntry): string | null {
  const unit = entry.data.unit as { name?: unknown } | undefined;
  return typeof unit?.name === 'string' ? unit.name : null;
}

/** A photo link the desk may show: http(s) only (Open311 refuses others; older rows are checked again). */
export function photoUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : null;
  } catch {
    return null;
  }
}
