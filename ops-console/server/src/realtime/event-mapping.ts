import type { EventLogPayloads, OpsEventName } from '@cityops/contracts';
import type { EventTopic, LoggedEvent } from '@cityops/db';

/** Event-log topics the console streams, and the Socket.IO event each becomes. */
export const EVENT_FOR_TOPIC = {
  'device.status': 'device:status',
  'device.registry': 'device:registry',
  'queue.load': 'queue:load',
  'incident.opened': 'incident:opened',
  'incident.updated': 'incident:updated',
  'ticket.opened': 'ticket:opened',
  'ticket.updated': 'ticket:updated',
  'transit.ridership': 'transit:ridership',
  'notification.console': 'notification:received',
} as const satisfies Partial<Record<EventTopic, OpsEventName>>;

export type StreamedTopic = keyof typeof EVENT_FOR_TOPIC;

/** A streamed event: its Socket.IO name and body, the logged payload with its log id as `sseq`. */
export type OpsMessage = { [T in StreamedTopic]: { name: (typeof EVENT_FOR_TOPIC)[T]; body: EventLogPayloads[T] & { sseq: number } } }[StreamedTopic];

function isStreamed(topic: EventTopic): topic is StreamedTopic {
  return topic in EVENT_FOR_TOPIC;
}

/** The realtime message for a logged event: its log id is the `sseq`. */
export function toOpsEvent(e: LoggedEvent): OpsMessage | null {
  if (!isStreamed(e.topic)) return null;
  // The topic and its payload agree (LoggedEvent is a union by topic); TypeScript cannot follow the
  // pairing through the lookup table, hence the one assertion.
  return { name: EVENT_FOR_TOPIC[e.topic], body: { ...e.payload, sseq: e.id } } as OpsMessage;
}
