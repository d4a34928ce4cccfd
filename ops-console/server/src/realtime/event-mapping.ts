import type { OpsEventName } from '@cityops/contracts';
import type { EventTopic, LoggedEvent } from '@cityops/db';

/** Event-log topics the console streams, and the Socket.IO event each becomes. */
const EVENT_FOR_TOPIC: Partial<Record<EventTopic, OpsEventName>> = {
  'device.status': 'device:status',
  'device.registry': 'device:registry',
  'queue.load': 'queue:load',
  'incident.opened': 'incident:opened',
  'incident.updated': 'incident:updated',
  'ticket.opened': 'ticket:opened',
  'ticket.updated': 'ticket:updated',
  'transit.ridership': 'transit:ridership',
};

/** The realtime message for a logged event: its log id is the `sseq` (contract §5). */
export function toOpsEvent(e: LoggedEvent): { name: OpsEventName; body: Record<string, unknown> } | null {
  const name = EVENT_FOR_TOPIC[e.topic];
  return name ? { name, body: { ...e.payload, sseq: e.id } } : null;
}
