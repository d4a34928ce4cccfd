import { Compile } from 'typebox/compile';
import type { DeviceKind } from '../topics.ts';
import { parseTopic, quoteTopicLevel, TELEMETRY_CHANNEL, type ParsedTopic } from '../topics.ts';
import { jsonNestingDepth, PAYLOAD_LIMITS, payloadLimitBreach } from './payload-limits.ts';
import { CameraStatus } from './camera-status.ts';
import { FireEvent } from './fire-event.ts';
import { TransitTap } from './transit-tap.ts';
import { QueueLoad } from './queue-load.ts';
import { MAX_PAYLOAD_BYTES } from './common.ts';
import type { IngestRejectCode } from '../errors.ts';

export interface PayloadByKind {
  camera: CameraStatus;
  fire: FireEvent;
  transit: TransitTap;
  queue: QueueLoad;
}

const validators = {
  camera: Compile(CameraStatus),
  fire: Compile(FireEvent),
  transit: Compile(TransitTap),
  queue: Compile(QueueLoad),
};

/** A validated device message with its identity normalised: `tsMs` is epoch milliseconds. */
export type Telemetry = {
  [K in DeviceKind]: { kind: K; deviceId: string; seq: number; tsMs: number; payload: PayloadByKind[K] };
}[DeviceKind];

export interface Rejection {
  reason: IngestRejectCode;
  detail: string;
  /** Best-effort seq of a rejected message, so a fire panel can be told which event failed. */
  seq?: number;
}

export type DecodeResult = { ok: true; value: Telemetry } | ({ ok: false } & Rejection);

/** Accepted clock skew: a device timestamp more than this far in the future is refused. */
export const MAX_FUTURE_SKEW_MS = 10 * 60 * 1000;
/** Oldest accepted event: 30 days back (store-and-forward after long outages still fits). */
export const MAX_PAST_AGE_MS = 30 * 24 * 3600 * 1000;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Pure decode of one MQTT publish: topic → kind/device, bytes → JSON → schema → identity. A caller
 * that already parsed the topic passes it, so the hot path parses each topic once.
 * Never throws: hot loops dead-letter the rejection and go on, so one bad message never stops ingest.
 */
export function decodeTelemetry(topic: string, payload: Uint8Array, nowMs: number, parsed: ParsedTopic = parseTopic(topic)): DecodeResult {
  if (!parsed.ok) return { ok: false, reason: parsed.reason, detail: parsed.detail };
  const { kind, deviceId, channel } = parsed;
  if (channel !== TELEMETRY_CHANNEL[kind]) {
    return {
      ok: false,
      reason: 'CITYOPS_INGEST_TOPIC_INVALID',
      detail: `${kind} devices publish on "${TELEMETRY_CHANNEL[kind]}", not ${quoteTopicLevel(channel)}`,
    };
  }
  if (payload.byteLength > MAX_PAYLOAD_BYTES) {
    return { ok: false, reason: 'CITYOPS_INGEST_PAYLOAD_TOO_LARGE', detail: `${payload.byteLength} bytes > ${MAX_PAYLOAD_BYTES}` };
  }
  let text: string;
  try {
    text = utf8.decode(payload);
  } catch {
    return { ok: false, reason: 'CITYOPS_INGEST_PAYLOAD_NOT_UTF8', detail: 'payload is not valid UTF-8' };
  }
  const depth = jsonNestingDepth(text, PAYLOAD_LIMITS.maxDepth);
  if (depth > PAYLOAD_LIMITS.maxDepth) {
    return { ok: false, reason: 'CITYOPS_INGEST_PAYLOAD_LIMITS', detail: `nested deeper than ${PAYLOAD_LIMITS.maxDepth} levels`, ...seqOf(text) };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: 'CITYOPS_INGEST_PAYLOAD_NOT_JSON', detail: (err as Error).message.slice(0, 200) };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, reason: 'CITYOPS_INGEST_PAYLOAD_NOT_OBJECT', detail: 'payload must be one JSON object' };
  }
  const rawSeq = (json as { seq?: unknown }).seq;
  const seq = Number.isSafeInteger(rawSeq) && (rawSeq as number) >= 0 ? (rawSeq as number) : undefined;
  const breach = payloadLimitBreach(json);
  if (breach) return { ok: false, reason: 'CITYOPS_INGEST_PAYLOAD_LIMITS', detail: breach, ...(seq === undefined ? {} : { seq }) };
  const validator = validators[kind];
  if (!validator.Check(json)) {
    const detail = summarizeErrors(validator.Errors(json));
    return { ok: false, reason: 'CITYOPS_INGEST_PAYLOAD_SCHEMA', detail, ...(seq === undefined ? {} : { seq }) };
  }
  const body = json as { ts: string | number; seq: number };
  const tsMs = typeof body.ts === 'number' ? body.ts : Date.parse(body.ts);
  if (!Number.isFinite(tsMs) || tsMs > nowMs + MAX_FUTURE_SKEW_MS || tsMs < nowMs - MAX_PAST_AGE_MS) {
    return { ok: false, reason: 'CITYOPS_INGEST_TS_OUT_OF_RANGE', detail: `ts ${String(body.ts)} is outside [-30 d, +10 min] of server time`, seq: body.seq };
  }
  return { ok: true, value: { kind, deviceId, seq: body.seq, tsMs, payload: json } as Telemetry };
}

/**
 * The `seq` of a document refused before parsing, read from the text, so a fire panel can be told
 * which event failed. Only a top-level-looking `"seq": <digits>` counts; anything else gives none.
 */
function seqOf(text: string): { seq?: number } {
  const m = /^\s*\{[^{[]*?"seq"\s*:\s*(\d{1,16})\s*[,}]/.exec(text.slice(0, 512));
  const seq = m ? Number(m[1]) : Number.NaN;
  return Number.isSafeInteger(seq) ? { seq } : {};
}

/** One short line per offending field: "/status must be one of the allowed values". */
export function summarizeErrors(errors: readonly { instancePath: string; keyword: string; message: string }[]): string {
  return errorsByPath(errors)
    .slice(0, 4)
    .map((e) => `${e.path} ${e.message}`)
    .join('; ');
}

/** One message per JSON pointer (the first, or a union's summary): what a form shows on each field. */
export function errorsByPath(errors: readonly { instancePath: string; keyword: string; message: string }[]): { path: string; message: string }[] {
  const byPath = new Map<string, string>();
  for (const e of errors) {
    const path = e.instancePath || '/';
    // A union reports one error per branch plus an anyOf summary: the summary reads best.
    if (e.keyword === 'anyOf') byPath.set(path, 'has a value of the wrong type or outside the allowed set');
    else if (e.keyword === 'boolean') continue;
    else if (!byPath.has(path)) byPath.set(path, e.message);
  }
  return [...byPath].map(([path, message]) => ({ path, message }));
}
