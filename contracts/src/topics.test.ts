import { describe, expect, it } from 'vitest';
import { devicePublishPrefix, parseTopic, receiptTopic, telemetryTopic } from './topics.ts';

describe('topics', () => {
  it('round-trips every kind', () => {
    for (const kind of ['camera', 'fire', 'transit', 'queue'] as const) {
      const t = telemetryTopic(kind, 'X-1');
      expect(parseTopic(t)).toMatchObject({ ok: true, kind, deviceId: 'X-1' });
      expect(t.startsWith(devicePublishPrefix(kind, 'X-1'))).toBe(true);
    }
  });
  it('builds the fire receipt topic of the contract', () => {
    expect(receiptTopic('FA-0001')).toBe('city/v1/fire/FA-0001/receipt');
  });
  it('refuses wrong roots, kinds and depths', () => {
    expect(parseTopic('city/v2/fire/FA-1/event').ok).toBe(false);
    expect(parseTopic('city/v1/bus/FA-1/event').ok).toBe(false);
    expect(parseTopic('city/v1/fire/FA-1/event/x').ok).toBe(false);
    expect(parseTopic('city/v1/fire/' + 'a'.repeat(65) + '/event').ok).toBe(false);
  });
});
