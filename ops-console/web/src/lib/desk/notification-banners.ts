import type { NotificationEvent, Role } from '@cityops/contracts';
import { roleAtLeast } from '../auth/roles.ts';

/**
 * Console contact points' messages (`notification:received`) as banners over the console. Every
 * console receives every such message; a banner is for the users whose role is at least the one the
 * contact point names. Newest first, a few at most: an operator reads them, a flood helps nobody.
 */
export const MAX_BANNERS = 4;

/** Whether this user is meant: their role at least the message's (an unknown role: nobody). */
export function isMeantFor(userRole: Role, e: Pick<NotificationEvent, 'role'>): boolean {
  return roleAtLeast(userRole, e.role);
}

/**
 * The banners after `e` arrived: unchanged (the same list) when it is not for this user or already
 * shown; a newer message about the same incident for the same reason replaces the older one (two
 * console contact points, one per role, send an admin the same news twice).
 */
export function withBanner(list: readonly NotificationEvent[], e: NotificationEvent, userRole: Role, max = MAX_BANNERS): readonly NotificationEvent[] {
  if (!isMeantFor(userRole, e) || list.some((b) => b.sseq === e.sseq)) return list;
  const rest = list.filter((b) => !(e.incidentId !== null && b.incidentId === e.incidentId && b.reason === e.reason));
  return [e, ...rest].slice(0, max);
}

export function withoutBanner(list: readonly NotificationEvent[], sseq: number): readonly NotificationEvent[] {
  return list.filter((b) => b.sseq !== sseq);
}
