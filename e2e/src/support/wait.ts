import { vi } from 'vitest';

/**
 * Reads `read` every 500 ms until `ok` holds, and returns that value (the figures a test logs);
 * fails after `timeoutMs` naming the last value read. For what the page draws: a SwiftShader frame
 * can lag the data by a second or two.
 */
export function settledValue<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number): Promise<T> {
  return vi.waitFor(
    async () => {
      const v = await read();
      if (!ok(v)) throw new Error(`not yet settled after ${timeoutMs} ms; last read: ${JSON.stringify(v)}`);
      return v;
    },
    { timeout: timeoutMs, interval: 500 },
  );
}
