import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PendingReceipts } from './pending-receipts.ts';

describe('PendingReceipts', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(online = { up: true }) {
    const sent: string[] = [];
    const log = { resends: 0, exhausted: [] as number[] };
    const pending = new PendingReceipts(
      { intervalMs: 5_000, maxAttempts: 3 },
      {
        send: (bytes) => {
          if (!online.up) return false;
          sent.push(bytes.toString());
          return true;
        },
        onResend: () => log.resends++,
        onExhausted: (seq) => log.exhausted.push(seq),
      },
    );
    return { pending, sent, log };
  }

  it('resends the same bytes every interval until the receipt arrives', () => {
    const { pending, sent, log } = setup();
    pending.track(7, Buffer.from('{"seq":7}'));
    vi.advanceTimersByTime(10_000);
    expect(sent).toEqual(['{"seq":7}', '{"seq":7}', '{"seq":7}']);
    expect(pending.settle(7)).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(sent).toHaveLength(3);
    expect(log.resends).toBe(2);
    expect(pending.settle(7)).toBe(false); // a duplicate receipt
  });

  it('gives up after the last attempt and says so', () => {
    const { pending, sent, log } = setup();
    pending.track(1, Buffer.from('a'));
    vi.advanceTimersByTime(60_000);
    expect(sent).toHaveLength(4); // first send + 3 resends
    expect(log.exhausted).toEqual([1]);
    expect(pending.size).toBe(0);
  });

  it('does not spend attempts while offline, and flushes on reconnect', () => {
    const online = { up: false };
    const { pending, sent, log } = setup(online);
    pending.track(2, Buffer.from('b'));
    vi.advanceTimersByTime(60_000);
    expect(sent).toHaveLength(0);
    expect(log.exhausted).toEqual([]);
    online.up = true;
    pending.flush();
    expect(sent).toEqual(['b']);
    pending.clear();
    vi.advanceTimersByTime(60_000);
    expect(sent).toEqual(['b']);
  });
});
