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
 * What an ingest lane subscribes to: every topic under each of `kinds`, at any depth, so a device's
 * malformed topic (an empty level, one level too many) reaches the gateway and is dead-lettered
 * instead of being acknowledged by the broker and lost. `$share/{group}/…` spreads messages over
 * gateway replicas [MQTT-4.8.2].
 */
export function ingestSubscriptions(kinds: readonly DeviceKind[], sharedGroup?: string): string[] {
  return kinds.map((kind) => `${sharedGroup ? `$share/${sharedGroup}/` : ''}${TOPIC_ROOT}/${kind}/#`);
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
