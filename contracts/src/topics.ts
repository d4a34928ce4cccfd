/**
 * MQTT topic helpers: every workspace builds and parses topics here, so the topic tree is defined once
 * and a change to it cannot miss a copy. Topic shape: city/v1/{kind}/{deviceId}/{channel} (README,
 * "The public contract").
 */
export const TOPIC_ROOT = 'city/v1';

export const DEVICE_KINDS = ['camera', 'fire', 'transit', 'queue'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** The one channel each kind publishes telemetry on. */
export const TELEMETRY_CHANNEL: Readonly<Record<DeviceKind, string>> = {
  camera: 'status',
  fire: 'event',
  transit: 'tap',
  queue: 'load',
};

/** Channels the server publishes back to a device. */
export const RECEIPT_CHANNEL = 'receipt';

export const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Client ids (and service user names) of our own services begin with this; no device id may, so
 * no device can take a service's MQTT session or sign in under a service's name.
 */
export const SERVICE_CLIENT_PREFIX = 'cityops-';

/** Whether `id` may be given to a new device (the alphabet, and not a service's reserved prefix). */
export function isProvisionableDeviceId(id: string): boolean {
  return isDeviceId(id) && !id.toLowerCase().startsWith(SERVICE_CLIENT_PREFIX);
}

export function isDeviceKind(value: unknown): value is DeviceKind {
  return typeof value === 'string' && (DEVICE_KINDS as readonly string[]).includes(value);
}

export function isDeviceId(value: unknown): value is string {
  return typeof value === 'string' && DEVICE_ID_PATTERN.test(value);
}

export function telemetryTopic(kind: DeviceKind, deviceId: string): string {
  return `${TOPIC_ROOT}/${kind}/${deviceId}/${TELEMETRY_CHANNEL[kind]}`;
}

export function receiptTopic(deviceId: string): string {
  return `${TOPIC_ROOT}/fire/${deviceId}/${RECEIPT_CHANNEL}`;
}

/** Prefix under which a device may publish: city/v1/{its kind}/{its id}/, so no device speaks for another. */
export function devicePublishPrefix(kind: DeviceKind, deviceId: string): string {
  return `${TOPIC_ROOT}/${kind}/${deviceId}/`;
}

/**
 * Kinds whose devices may publish on their telemetry topic and nothing else. The fire tree also
 * carries the receipts the gateways publish back to panels, so the gateways can subscribe to it
 * broadly only by catching their own receipts; instead they subscribe to the event channel alone
 * (ingestFilter), and the broker refuses a panel's publish on any other topic, so nothing a panel
 * sends falls outside every subscription.
 */
const TELEMETRY_TOPIC_ONLY: ReadonlySet<DeviceKind> = new Set(['fire']);

export function publishesTelemetryTopicOnly(kind: DeviceKind): boolean {
  return TELEMETRY_TOPIC_ONLY.has(kind);
}

/**
 * Whether a device may publish on `topic`, as both brokers enforce it: under its own prefix (its
 * kind, its id), and for fire panels exactly their event topic. A malformed topic under a camera's,
 * reader's or kiosk's own prefix is let through so that the gateway dead-letters it as evidence.
 */
export function devicePublishAllowed(kind: DeviceKind, deviceId: string, topic: string): boolean {
  if (publishesTelemetryTopicOnly(kind)) return topic === telemetryTopic(kind, deviceId);
  return topic.startsWith(devicePublishPrefix(kind, deviceId));
}

/**
 * The filter an ingest lane subscribes to for `kind`. For camera, transit and queue: every topic
 * under the kind, at any depth, so a device's malformed topic (an empty level, one level too many, a
 * wrong channel) reaches the gateway and is dead-lettered instead of being acknowledged by the broker
 * and lost. For fire: the event channel only, which no receipt matches. With a broader filter every
 * receipt would be delivered to a gateway of the shared group to be dropped, and, since the broker
 * deals a shared subscription's messages out in turn, each receipt would take a turn: with two
 * gateways and no other traffic, every alarm would go to the same one.
 */
export function ingestFilter(kind: DeviceKind): string {
  return publishesTelemetryTopicOnly(kind) ? telemetryTopic(kind, '+') : `${TOPIC_ROOT}/${kind}/#`;
}

function shared(filter: string, sharedGroup: string | undefined): string {
  return sharedGroup ? `$share/${sharedGroup}/${filter}` : filter;
}

/** What an ingest lane subscribes to; `$share/{group}/…` spreads messages over gateway replicas [MQTT-4.8.2]. */
export function ingestSubscriptions(kinds: readonly DeviceKind[], sharedGroup?: string): string[] {
  return kinds.map((kind) => shared(ingestFilter(kind), sharedGroup));
}

/**
 * Filters a gateway's persistent broker session may still hold from an earlier release: one filter
 * for every device topic, then one per kind at any depth. Each lane unsubscribes them once its own
 * filters hold, or it would go on receiving another lane's messages and the fire tree's receipts.
 */
export function formerIngestSubscriptions(sharedGroup?: string): string[] {
  return [`${TOPIC_ROOT}/+/+/+`, `${TOPIC_ROOT}/fire/#`].map((filter) => shared(filter, sharedGroup));
}

export type ParsedTopic =
  { ok: true; kind: DeviceKind; deviceId: string; channel: string } | { ok: false; reason: 'CITYOPS_INGEST_TOPIC_INVALID'; detail: string };

/** Longest topic we parse: ours are under 100 characters, so anything far longer is not one of ours. */
export const MAX_TOPIC_LENGTH = 160;

/** A topic level quoted for an error detail: bounded, with control characters escaped. */
function quoteLevel(level: string): string {
  return JSON.stringify(level.length > 32 ? `${level.slice(0, 32)}…` : level);
}

export function parseTopic(topic: string): ParsedTopic {
  if (topic.length > MAX_TOPIC_LENGTH) {
    return { ok: false, reason: 'CITYOPS_INGEST_TOPIC_INVALID', detail: `topic is ${topic.length} characters; at most ${MAX_TOPIC_LENGTH}` };
  }
  const parts = topic.split('/');
  if (parts.length !== 5 || `${parts[0]}/${parts[1]}` !== TOPIC_ROOT) {
    return { ok: false, reason: 'CITYOPS_INGEST_TOPIC_INVALID', detail: `not ${TOPIC_ROOT}/{kind}/{deviceId}/{channel}` };
  }
  const [, , kind, deviceId, channel] = parts as [string, string, string, string, string];
  if (!isDeviceKind(kind)) return { ok: false, reason: 'CITYOPS_INGEST_TOPIC_INVALID', detail: `unknown kind ${quoteLevel(kind)}` };
  if (!isDeviceId(deviceId)) return { ok: false, reason: 'CITYOPS_INGEST_TOPIC_INVALID', detail: 'deviceId must be 1-64 of A-Z a-z 0-9 _ -' };
  return { ok: true, kind, deviceId, channel };
}

export { quoteLevel as quoteTopicLevel };

/**
 * The device a topic names, even when the topic is otherwise malformed (too long, a level too
 * many): a dead letter is filed under the device that sent it. Null when there is none.
 */
export function deviceIdOfTopic(topic: string): string | null {
  if (!topic.startsWith(`${TOPIC_ROOT}/`)) return null;
  const id = topic.split('/', 4)[3];
  return isDeviceId(id) ? id : null;
}
