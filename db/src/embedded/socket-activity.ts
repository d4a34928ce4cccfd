/**
 * What the embedded database is working on: the frontend messages handed to PGlite and not answered
 * yet, oldest first. A watchdog reads `oldest()` to tell a long query from a database that will never
 * answer; `what` names the messages in its log line.
 */
export class SocketActivity {
  readonly #pending = new Map<number, { since: number; what: string }>();
  #next = 0;

  /** Marks messages as handed over; call the returned function once they are answered (or failed). */
  begin(what: string): () => void {
    const id = this.#next++;
    this.#pending.set(id, { since: Date.now(), what });
    return () => this.#pending.delete(id);
  }

  /** The longest-waiting messages, if any (a Map iterates in insertion order). */
  oldest(): { since: number; what: string } | undefined {
    for (const entry of this.#pending.values()) return entry;
    return undefined;
  }
}

/**
 * A short description of whole frontend messages for logs: their types and sizes, and the start of
 * the SQL of a Query or Parse. Parameter values are never included.
 */
export function describeMessages(buf: Buffer, ends: readonly number[]): string {
  const parts: string[] = [];
  let start = 0;
  for (const end of ends.slice(0, 8)) {
    const code = buf[start]!;
    const type = code < 0x20 ? 'startup' : String.fromCharCode(code);
    let sql = '';
    if (type === 'Q') sql = buf.toString('utf8', start + 5, Math.min(end - 1, start + 85));
    else if (type === 'P') {
      const nameEnd = buf.indexOf(0, start + 5);
      if (nameEnd > 0 && nameEnd < end) sql = buf.toString('utf8', nameEnd + 1, Math.min(end - 1, nameEnd + 81));
    }
    parts.push(`${type}${end - start}${sql ? ` ${JSON.stringify(sql.replace(/\s+/g, ' '))}` : ''}`);
    start = end;
  }
  if (ends.length > 8) parts.push(`…${ends.length - 8} more`);
  return `${buf.length} bytes: ${parts.join(', ')}`;
}
