/**
 * PGlite 0.3.14 (and the TimescaleDB fork we pin) drops input: given several protocol messages in
 * one `execProtocolRaw` call, when one of them ends exactly at a multiple of 8,192 bytes from the
 * start of that call's input (Postgres's receive buffer is 8 KiB and is refilled whole), every
 * message after it is silently discarded. When the discarded part holds the Sync, the client never
 * gets ReadyForQuery: its query is never answered and its connection is stuck for good. A gateway
 * batch (Bind of ~300 KB, then Describe, Execute, Sync) hits this about 3 times in 8,192; a 1,050-row
 * dead-letter batch once did in production.
 *
 * The way around it: hand PGlite such a message as the last one of a call, and the rest in the next
 * call. A message that ends on the boundary but is the last of its call is served correctly.
 */
export const PGLITE_RECEIVE_BUFFER = 8192;

/**
 * Cuts whole messages (`ends`: where each message ends, ascending, the last one = buf.length) into
 * the calls PGlite serves whole: no message but the last of a part ends at a multiple of the receive
 * buffer from the part's start.
 */
export function receiveBufferSafeParts(buf: Buffer, ends: readonly number[]): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (const end of ends) {
    if (end < buf.length && (end - start) % PGLITE_RECEIVE_BUFFER === 0) {
      parts.push(buf.subarray(start, end));
      start = end;
    }
  }
  parts.push(buf.subarray(start));
  return parts;
}
