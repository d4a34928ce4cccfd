import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeTelemetry } from './telemetry.ts';
import { MAX_PAYLOAD_BYTES } from './common.ts';

const goldenDir = join(import.meta.dirname, '..', 'golden');
const NOW = Date.parse('2026-11-21T10:00:00Z');
const enc = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
function golden(sub: string) {
  return readdirSync(join(goldenDir, sub)).map((f) => ({ file: f, ...JSON.parse(readFileSync(join(goldenDir, sub, f), 'utf8')) }));
}

describe('golden examples', () => {
  it.each(golden('valid'))('accepts $file', ({ topic, payload }) => {
    const r = decodeTelemetry(topic, enc(payload), NOW);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.seq).toBe(payload.seq);
      expect(r.value.tsMs).toBe(typeof payload.ts === 'number' ? payload.ts : Date.parse(payload.ts));
    }
  });
  it.each(golden('invalid'))('rejects $file with its reason', ({ topic, payload, reason }) => {
    const r = decodeTelemetry(topic, enc(payload), NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe(reason);
      expect(r.detail.length).toBeGreaterThan(0);
    }
  });
});

describe('decodeTelemetry', () => {
  const topic = 'city/v1/fire/FA-0001/event';
  it('names the offending field in the detail', () => {
    const r = decodeTelemetry(topic, enc({ ts: NOW, seq: 1, event: 'smoke-ish' }), NOW);
    expect(r).toMatchObject({ ok: false, reason: 'CITYOPS_INGEST_PAYLOAD_SCHEMA', seq: 1 });
    if (!r.ok) expect(r.detail).toContain('/event');
  });
  it('rejects bytes that are not JSON, not UTF-8, not an object, or too large', () => {
    expect(decodeTelemetry(topic, enc('{"ts":'), NOW)).toMatchObject({ reason: 'CITYOPS_INGEST_PAYLOAD_NOT_JSON' });
    expect(decodeTelemetry(topic, new Uint8Array([0xff, 0xfe]), NOW)).toMatchObject({ reason: 'CITYOPS_INGEST_PAYLOAD_NOT_UTF8' });
    expect(decodeTelemetry(topic, enc('[1,2]'), NOW)).toMatchObject({ reason: 'CITYOPS_INGEST_PAYLOAD_NOT_OBJECT' });
    expect(decodeTelemetry(topic, new Uint8Array(MAX_PAYLOAD_BYTES + 1), NOW)).toMatchObject({ reason: 'CITYOPS_INGEST_PAYLOAD_TOO_LARGE' });
  });
  it('refuses a timestamp from the far future but accepts small skew', () => {
    expect(decodeTelemetry(topic, enc({ ts: NOW + 3600_000, seq: 1, event: 'alarm' }), NOW)).toMatchObject({ reason: 'CITYOPS_INGEST_TS_OUT_OF_RANGE' });
    expect(decodeTelemetry(topic, enc({ ts: NOW + 60_000, seq: 1, event: 'alarm' }), NOW).ok).toBe(true);
  });
  it('accepts fields a newer firmware adds (the contract may be extended)', () => {
    expect(decodeTelemetry(topic, enc({ ts: NOW, seq: 1, event: 'test', firmware: '2.1' }), NOW).ok).toBe(true);
  });
  it('rejects a device id outside the allowed alphabet', () => {
    expect(decodeTelemetry('city/v1/fire/FA 01/event', enc({ ts: NOW, seq: 1, event: 'alarm' }), NOW)).toMatchObject({
      reason: 'CITYOPS_INGEST_TOPIC_INVALID',
    });
  });
});
