import type { Delivery, DeliveryState, NotificationReason, Role } from '@cityops/contracts';
import { roleAtLeast } from '../auth/roles.ts';

/**
 * A delivery's states and a notification's reasons, restated from contracts (DELIVERY_STATES,
 * NOTIFICATION_REASONS; values stay out of the bundle); deliveries.test.ts pins them together.
 * `given_up` is the dead letter: the one state an admin may send again.
 */
export const DELIVERY_STATE_LIST = ['pending', 'sending', 'delivered', 'given_up'] as const satisfies readonly DeliveryState[];
export const NOTIFICATION_REASON_LIST = ['opened', 'escalated', 'repeated', 'resolved', 'dispatched', 'test'] as const satisfies readonly NotificationReason[];

export const DELIVERY_PAGE = 100;

export interface DeliveryFilter {
  /** Blank: every state. */
  state?: DeliveryState | '';
  incidentId?: number | null;
  contactPointId?: number | null;
  /** The page's `nextBefore`: deliveries older than this id. */
  before?: number | null;
  limit?: number;
}

/** GET /api/notifications with the filter (newest first). */
export function deliveriesPath(filter: DeliveryFilter = {}): string {
  const q = new URLSearchParams({ limit: String(filter.limit ?? DELIVERY_PAGE) });
  if (filter.state) q.set('state', filter.state);
  if (filter.incidentId != null) q.set('incidentId', String(filter.incidentId));
  if (filter.contactPointId != null) q.set('contactPointId', String(filter.contactPointId));
  if (filter.before != null) q.set('before', String(filter.before));
  return `/api/notifications?${q}`;
}

/** An incident number as typed ("#12" or "12"): the id, null when blank, 'bad' when not one. */
export function parseIncidentId(text: string): number | null | 'bad' {
  const t = text.trim().replace(/^#/, '');
  if (t === '') return null;
  if (!/^[0-9]+$/.test(t)) return 'bad';
  const n = Number(t);
  return Number.isSafeInteger(n) && n > 0 ? n : 'bad';
}

/** Admins may send again a delivery that was given up; the server refuses any other (409). */
export function canResend(d: Pick<Delivery, 'state'>, role: Role): boolean {
  return d.state === 'given_up' && roleAtLeast(role, 'admin');
}

/** The last attempt as a row shows it: the receiver's status and its error, or nothing yet. */
export function lastOutcome(d: Pick<Delivery, 'lastStatus' | 'lastError'>): string {
  const parts = [d.lastStatus === null ? null : String(d.lastStatus), d.lastError?.trim() || null].filter((x): x is string => x !== null);
  return parts.length > 0 ? parts.join(' · ') : '—';
}

/** The list with one delivery replaced by its newer copy (after sending it again), in place. */
export function replaceDelivery(items: readonly Delivery[], updated: Delivery): Delivery[] {
  return items.map((d) => (d.id === updated.id ? updated : d));
}
