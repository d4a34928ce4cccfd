import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { serialize } from 'pg-protocol';
import { PGLITE_RECEIVE_BUFFER, receiveBufferSafeParts } from './receive-buffer-boundary.ts';

/**
 * The PGlite defect receive-buffer-boundary.ts works around, pinned on PGlite itself (no socket):
 * when this test fails after an upgrade, PGlite serves such input whole and the workaround can go.
 */
let db: PGlite;
beforeAll(async () => {
  db = await PGlite.create();
}, 60_000);
afterAll(async () => db?.close());

/** A simple query message of exactly `bytes` bytes. */
const query = (bytes: number) => serialize.query(`SELECT 1 --${'x'.repeat(bytes - 5 - 'SELECT 1 --'.length - 1)}`);
const readyCount = (out: Uint8Array) => {
  let n = 0;
  for (let i = 0; i + 5 <= out.length; i += 1 + Buffer.from(out.buffer, out.byteOffset + i + 1, 4).readInt32BE(0)) if (out[i] === 0x5a) n++;
  return n;
};

describe('PGlite 0.3.14 receive buffer', () => {
  it("drops every message after one that ends on the 8 KiB edge of execProtocolRaw's input", () => {
    const input = Buffer.concat([query(PGLITE_RECEIVE_BUFFER), serialize.query('SELECT 2'), serialize.query('SELECT 3')]);
    expect(readyCount(db.execProtocolRawSync(new Uint8Array(input)))).toBe(1);
    // One byte off the edge, all three are answered.
    const offEdge = Buffer.concat([query(PGLITE_RECEIVE_BUFFER + 1), serialize.query('SELECT 2'), serialize.query('SELECT 3')]);
    expect(readyCount(db.execProtocolRawSync(new Uint8Array(offEdge)))).toBe(3);
  });

  it('answers all of them when the input is handed over in receiveBufferSafeParts', () => {
    const messages = [query(100), query(PGLITE_RECEIVE_BUFFER - 100), query(2 * PGLITE_RECEIVE_BUFFER), serialize.query('SELECT 2')];
    let at = 0;
    const ends = messages.map((m) => (at += m.length));
    const answered = receiveBufferSafeParts(Buffer.concat(messages), ends).reduce((n, part) => n + readyCount(db.execProtocolRawSync(new Uint8Array(part))), 0);
    expect(answered).toBe(4);
  });
});
