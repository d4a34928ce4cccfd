import { describe, expect, it } from 'vitest';
import { jsonNestingDepth, PAYLOAD_LIMITS, payloadLimitBreach } from './payload-limits.ts';
import { decodeTelemetry } from './telemetry.ts';

const NOW = Date.parse('2026-11-21T10:00:00Z');
const enc = (s: string) => new TextEncoder().encode(s);

describe('jsonNestingDepth', () => {
  it('counts structure, not brackets inside strings or after escapes', () => {
    expect(jsonNestingDepth('{"a":1}')).toBe(1);
    expect(jsonNestingDepth('{"a":[{"b":[]}]}')).toBe(4);
    expect(jsonNestingDepth('{"a":"[[[[{{{{"}')).toBe(1);
    expect(jsonNestingDepth('{"a":"\\"[[[[","b":[1]}')).toBe(2);
    expect(jsonNestingDepth('{"a":"\\\\","b":[[1]]}')).toBe(3);
  });
  it('stops as soon as the limit is passed', () => {
    expect(jsonNestingDepth('['.repeat(100_000), 8)).toBe(9);
  });
});

describe('payloadLimitBreach', () => {
  it('accepts the contract payloads and modest extras', () => {
    expect(payloadLimitBreach({ ts: 1, seq: 1, event: 'alarm', firmware: { version: '2.1', build: [1, 2] } })).toBeNull();
  });
  it('names NUL characters in values and keys', () => {
    expect(payloadLimitBreach({ zone: 'a\u0000b' })).toContain('/zone contains a NUL');
    expect(payloadLimitBreach({ 'k\u0000': 1 })).toContain('NUL');
  });
  it('bounds strings, keys and the number of members', () => {
    expect(payloadLimitBreach({ note: 'x'.repeat(PAYLOAD_LIMITS.maxStringLength + 1) })).toContain('/note is');
    expect(payloadLimitBreach({ ['k'.repeat(2000)]: 1 })).toContain('a key of /');
    expect(payloadLimitBreach({ list: Array.from({ length: PAYLOAD_LIMITS.maxMembers + 1 }, () => 0) })).toContain('more than');
  });
});

describe('decodeTelemetry with hostile payloads', () => {
  const topic = 'city/v1/fire/FA-0001/event';
  it('refuses a deeply nested extra before parsing it, keeping the seq for the receipt', () => {
    const body = `{"ts":${NOW},"seq":42,"event":"alarm","extra":${'['.repeat(7000)}${']'.repeat(7000)}}`;
    expect(decodeTelemetry(topic, enc(body), NOW)).toMatchObject({ ok: false, reason: 'CITYOPS_INGEST_PAYLOAD_LIMITS', seq: 42 });
  });
  it('refuses a NUL inside a known field', () => {
    expect(decodeTelemetry(topic, enc(JSON.stringify({ ts: NOW, seq: 3, event: 'alarm', zone: 'T\u0000' })), NOW)).toMatchObject({
      reason: 'CITYOPS_INGEST_PAYLOAD_LIMITS',
      seq: 3,
    });
  });
  it('refuses an overlong topic without quoting it whole', () => {
    const r = decodeTelemetry(`city/v1/fire/FA-0001/${'x'.repeat(4000)}`, enc('{}'), NOW);
    expect(r).toMatchObject({ ok: false, reason: 'CITYOPS_INGEST_TOPIC_INVALID' });
    if (!r.ok) expect(r.detail.length).toBeLessThan(100);
  });
  it('quotes a wrong channel with its control characters escaped', () => {
    const r = decodeTelemetry('city/v1/fire/FA-0001/ev\u0000ent', enc('{}'), NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.detail).toContain('"ev\\u0000ent"');
  });
});
