import { describe, expect, it } from 'vitest';
import {
  devicePublishAllowed,
  devicePublishPrefix,
  formerIngestSubscriptions,
  ingestSubscriptions,
  parseTopic,
  receiptTopic,
  telemetryTopic,
} from './topics.ts';

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
  it('lets a fire panel publish on its event topic only, and other devices on anything under their own prefix', () => {
    expect(devicePublishAllowed('fire', 'FA-1', 'city/v1/fire/FA-1/event')).toBe(true);
    for (const topic of [
      'city/v1/fire/FA-1/receipt',
      'city/v1/fire/FA-1/status',
      'city/v1/fire/FA-1/',
      'city/v1/fire/FA-1/event/x',
      'city/v1/fire/FA-2/event',
    ]) {
      expect(devicePublishAllowed('fire', 'FA-1', topic)).toBe(false);
    }
    // Let through to be dead-lettered as evidence.
    expect(devicePublishAllowed('camera', 'CAM-1', 'city/v1/camera/CAM-1/stat')).toBe(true);
    expect(devicePublishAllowed('camera', 'CAM-1', 'city/v1/camera/CAM-1/status/x')).toBe(true);
    expect(devicePublishAllowed('camera', 'CAM-1', 'city/v1/fire/CAM-1/event')).toBe(false);
    expect(devicePublishAllowed('camera', 'CAM-1', 'city/v1/camera/CAM-2/status')).toBe(false);
  });
  it('subscribes the fire lane to event topics only, so that receipts stay out of it, and the others to their whole tree', () => {
    expect(ingestSubscriptions(['fire'], 'cityops-ingest')).toEqual(['$share/cityops-ingest/city/v1/fire/+/event']);
    expect(ingestSubscriptions(['camera', 'transit', 'queue'])).toEqual(['city/v1/camera/#', 'city/v1/transit/#', 'city/v1/queue/#']);
    expect(formerIngestSubscriptions('g')).toEqual(['$share/g/city/v1/+/+/+', '$share/g/city/v1/fire/#']);
  });
});
