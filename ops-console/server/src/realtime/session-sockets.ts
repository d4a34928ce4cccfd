/**
 * The open sockets of each session (by the hash of its token, as the sessions table keys it), so a
 * session that ends — signed out, expired, its user disabled or given another role — takes its
 * sockets with it instead of streaming to a browser nobody is signed in at.
 */
export class SessionSockets<S extends { data: { user: { username: string } } }> {
  private readonly byToken = new Map<string, Set<S>>();

  add(tokenHash: string, socket: S): void {
    let set = this.byToken.get(tokenHash);
    if (!set) this.byToken.set(tokenHash, (set = new Set()));
    set.add(socket);
  }

  remove(tokenHash: string, socket: S): void {
    const set = this.byToken.get(tokenHash);
    if (!set) return;
    set.delete(socket);
    if (set.size === 0) this.byToken.delete(tokenHash);
  }

  /** Sessions with at least one socket open. */
  tokens(): string[] {
    return [...this.byToken.keys()];
  }

  of(tokenHash: string): S[] {
    return [...(this.byToken.get(tokenHash) ?? [])];
  }

  ofUser(username: string): S[] {
    const found: S[] = [];
    for (const set of this.byToken.values()) for (const s of set) if (s.data.user.username === username) found.push(s);
    return found;
  }
}
