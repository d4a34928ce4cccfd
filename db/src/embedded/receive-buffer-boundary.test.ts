import { describe, expect, it } from 'vitest';
import { PGLITE_RECEIVE_BUFFER, receiveBufferSafeParts } from './receive-buffer-boundary.ts';

/** Messages of the given sizes laid end to end: the buffer and where each ends. */
function messages(...sizes: number[]): { buf: Buffer; ends: number[] } {
  const ends: number[] = [];
  let at = 0;
  for (const size of sizes) ends.push((at += size));
  return { buf: Buffer.alloc(at), ends };
}

const lengths = (parts: Buffer[]) => parts.map((p) => p.length);

describe('receiveBufferSafeParts', () => {
  it('leaves messages whole in one part when none ends on the 8 KiB edge', () => {
    const { buf, ends } = messages(252, 442_351, 7, 10, 5);
    expect(lengths(receiveBufferSafeParts(buf, ends))).toEqual([buf.length]);
  });

  it('ends a part with a message that ends on the edge when more follow (PGlite dropped the rest: the unanswered dead-letter batch)', () => {
    // The batch as PGlite got it: Bind, Describe, Execute ending at 54 × 8 KiB, then Sync.
    const { buf, ends } = messages(442_351, 7, 10, 5);
    expect(ends[2]).toBe(54 * PGLITE_RECEIVE_BUFFER);
    expect(lengths(receiveBufferSafeParts(buf, ends))).toEqual([442_368, 5]);
  });

  it('counts the edge from the start of each part, and leaves a last message on the edge alone', () => {
    const { buf, ends } = messages(100, 8092, 8192, 3, 16_381);
    // 100 + 8092 = 8 KiB: cut; the next 8192 is on the edge again from the new start: cut; 3 + 16,381 = 16 KiB is the last.
    expect(lengths(receiveBufferSafeParts(buf, ends))).toEqual([8192, 8192, 16_384]);
  });

  it('gives back the same bytes, in order', () => {
    const sizes = Array.from({ length: 200 }, (_, i) => (i % 7 === 0 ? 8192 : 5 + ((i * 977) % 3000)));
    const { ends } = messages(...sizes);
    const buf = Buffer.from(Array.from({ length: ends.at(-1)! }, (_, i) => i % 251));
    const parts = receiveBufferSafeParts(buf, ends);
    expect(Buffer.concat(parts).equals(buf)).toBe(true);
    // Within each part, no message but the last ends on the edge.
    let start = 0;
    for (const part of parts) {
      const inner = ends.filter((e) => e > start && e < start + part.length);
      expect(inner.filter((e) => (e - start) % PGLITE_RECEIVE_BUFFER === 0)).toEqual([]);
      start += part.length;
    }
  });
});
