/**
 * MQTT topic helpers: the only place topic strings are built or parsed (house style rule 1).
 * Topic shape: city/v1/{kind}/{deviceId}/{channel} — contract §2.
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

/** Prefix under which a device may publish: city/v1/{its kind}/{its id}/ (contract §2). */
export function devicePublishPrefix(kind: DeviceKind, deviceId: string): string {
  return `${TOPIC_ROOT}/${kind}/${deviceId}/`;
}

/**
 * Subscription of the ingest gateway. `$share/{group}/…` spreads messages over gateway
 * replicas [MQTT-4.8.2] (MQTT 5 shared subscriptions; aedes and Mosquitto both accept it on 3.1.1 too).
 */
export function ingestSubscription(group = 'cityops-ingest'): string {
  return `$share/${group}/${TOPIC_ROOT}/+/+/+`;
}

export type ParsedTopic =
  | { ok: true; kind: DeviceKind; deviceId: string; channel: string }
  | { ok: false; reason: 'CITYOPS_INGEST_TOPIC_INVALID'; detail: string };

export function parseTopic(topic: string): ParsedTopic {
  const parts = topic.split('/');
  if (parts.length !== 5 || `${parts[0]}/${parts[1]}` !== TOPIC_ROOT) {
    return { ok: false, reason: 'CITYOPS_INGEST_TOPIC_INVALID', detail: `not ${TOPIC_ROOT}/{kind}/{deviceId}/{channel}` };
  }
  const [, , kind, deviceId, channel] = parts as [string, string, string, string, string];
  if (!isDeviceKind(kind)) return { ok: false, reason: 'CITYOPS_INGEST_TOPIC_INVALID', detail: `unknown kind "${kind}"` };
  if (!isDeviceId(deviceId)) return { ok: false, reason: 'CITYOPS_INGEST_TOPIC_INVALID', detail: 'deviceId must be 1-64 of A-Z a-z 0-9 _ -' };
  return { ok: true, kind, deviceId, channel };
}
