import type { TimelineEntry } from '@cityops/contracts';
import { translate, type Dictionary, type MessageKey } from '../i18n/translate.ts';
import { unitLabel } from './unit-label.ts';

/** Entry types this build names; a newer server's other types are shown as sent. */
export const TIMELINE_TYPES = [
  'opened',
  'repeated',
  'acknowledged',
  'dispatched',
  'comment',
  'resolved',
  'closed',
  'escalated',
  'recovered',
  'silenced',
  'handoff',
  'checklist_overridden',
] as const;
export type TimelineType = (typeof TIMELINE_TYPES)[number];

function str(value: unknown): string | null {
  if (typeof value === 'string' && value.trim()) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function list(value: unknown): string | null {
  if (Array.isArray(value))
    return (
      value
        .map(str)
        .filter((s): s is string => s !== null)
        .join(', ') || null
    );
  return str(value);
}

/**
 * The headline of a timeline entry in the chosen language, with what its `data` adds: the unit it
 * was dispatched to, the escalation level and who was notified, the silence and its end. The note
 * (comment, resolution) is shown apart, as written.
 */
export function timelineText(dict: Dictionary, entry: TimelineEntry, formatTime: (iso: string) => string): string {
  const data = entry.data ?? {};
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(dict, key, params);
  switch (entry.type) {
    case 'dispatched': {
      const assignee = str(data.assignee);
      return assignee ? t('timeline.dispatchedTo', { assignee: unitLabel(dict, assignee) }) : t('timeline.dispatched');
    }
    case 'escalated': {
      const level = str(data.level);
      const notify = list(data.notify);
      const head = level ? t('timeline.escalatedTo', { level }) : t('timeline.escalated');
      return notify
        ? `${head} — ${t('timeline.notified', {
            who: notify
              .split(', ')
              .map((r) => roleOr(dict, r))
              .join(', '),
          })}`
        : head;
    }
    case 'silenced': {
      const until = str(data.until);
      const id = str(data.silenceId);
      const head = until ? t('timeline.silencedUntil', { until: formatTime(until) }) : t('timeline.silenced');
      return id ? `${head} (#${id})` : head;
    }
    case 'checklist': {
      const text = str(data.text) ?? str(data.item) ?? '';
      return t(data.done === true ? 'timeline.checklistDone' : 'timeline.checklistUndone', { text });
    }
    case 'ticket_linked': {
      const id = str(data.ticketId);
      return id ? t('timeline.ticketLinked', { id }) : entry.type;
    }
    case 'merged': {
      const id = str(data.from);
      return id ? t('timeline.merged', { id }) : entry.type;
    }
    case 'merged_into': {
      const id = str(data.into);
      return id ? t('timeline.mergedInto', { id }) : entry.type;
    }
    case 'handoff': {
      const station = str(data.stationName) ?? str(data.stationId);
      return station ? t('timeline.handoffTo', { station }) : t('timeline.handoff');
    }
    case 'agency_status': {
      const status = str(data.status);
      const label = status && Object.hasOwn(dict, `agencyStatus.${status}`) ? dict[`agencyStatus.${status}` as MessageKey] : (status ?? '');
      const unit = str(data.unit);
      return unit ? t('timeline.agencyStatusUnit', { unit, status: label }) : t('timeline.agencyStatus', { status: label });
    }
    case 'notified':
    case 'notification_failed':
    case 'notification_given_up': {
      const who = str(data.contactPoint) ?? '?';
      if (entry.type === 'notified') return t('timeline.notifySent', { who });
      if (entry.type === 'notification_given_up') return t('timeline.notifyGivenUp', { who });
      return t('timeline.notifyFailed', { who, attempt: str(data.attempt) ?? '?' });
    }
    default:
      return (TIMELINE_TYPES as readonly string[]).includes(entry.type) ? t(`timeline.${entry.type as TimelineType}`) : entry.type;
  }
}

function roleOr(dict: Dictionary, value: string): string {
  const key = `role.${value}`;
  return Object.hasOwn(dict, key) ? dict[key as MessageKey] : value;
}
