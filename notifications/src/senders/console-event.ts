import type { EventLogEntry, Role, WebhookBody } from '@cityops/contracts';

/** A console contact point's notification as the event log carries it to every console (`notification:received`). */
export function consoleNotificationEvent(contactPoint: string, role: Role, body: WebhookBody, at: Date): EventLogEntry<'notification.console'> {
  return {
    topic: 'notification.console',
    payload: { role, reason: body.reason, text: body.text, link: body.link, incidentId: body.incident.id, contactPoint, at: at.toISOString() },
  };
}
