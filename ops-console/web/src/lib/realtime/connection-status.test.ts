import { describe, expect, it } from 'vitest';
import { connectionStatus, linkTone, STALE_AFTER_MS } from './connection-status.ts';

describe('connectionStatus', () => {
  it('is live while connected', () => {
    expect(connectionStatus({ connected: true, refused: false, downSince: 0 }, 1e9)).toBe('live');
  });

  it('is reconnecting for a short outage, then stale', () => {
    const link = { connected: false, refused: false, downSince: 1_000 };
    expect(connectionStatus(link, 1_000 + STALE_AFTER_MS - 1)).toBe('reconnecting');
    expect(connectionStatus(link, 1_000 + STALE_AFTER_MS)).toBe('stale');
  });

  it('is stale at once when the server refused the connection', () => {
    expect(connectionStatus({ connected: false, refused: true, downSince: 5 }, 5)).toBe('stale');
  });
});

describe('linkTone', () => {
  it('is not plain live while the server reports trouble, and says what the link says otherwise', () => {
    expect(linkTone('live', false)).toBe('troubled');
    expect(linkTone('live', true)).toBe('live');
    expect(linkTone('reconnecting', false)).toBe('reconnecting');
    expect(linkTone('stale', true)).toBe('stale');
  });
});
