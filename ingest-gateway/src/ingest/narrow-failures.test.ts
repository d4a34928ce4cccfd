import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, retryingWrite, writeNarrowing, type NarrowingStore } from './narrow-failures.ts';

/** What the fake database did, in order: one entry per transaction it was asked for. */
interface Result {
  committed: number[];
  refused: number[];
  setAside: number[];
}

interface FakeDb {
  /** Messages whose presence fails a transaction (the database refuses one of their values). */
  poison: Set<number>;
  /** Poison that also fails as a dead letter. */
  unrefusable?: Set<number>;
  /** Messages whose transaction the database never answers while they are in it with more than one other. */
  hangsWith?: (messages: readonly number[]) => boolean;
  reachable: boolean;
  transactions: number;
  passingFailures?: number;
}

function fakeStore(db: FakeDb): NarrowingStore<number, Result> {
  return {
    async commit(messages) {
      db.transactions += 1;
      if (db.passingFailures && db.passingFailures > 0) {
        db.passingFailures -= 1;
        throw Object.assign(new Error('could not serialize access'), { code: '40001' });
      }
      if (db.hangsWith?.(messages)) {
        db.reachable = false;
        throw new Error('Query read timeout');
      }
      if (messages.some((m) => db.poison.has(m))) throw Object.assign(new Error('value refused'), { code: '22021' });
      return { committed: [...messages], refused: [], setAside: [] };
    },
    async commitRefused(message) {
      db.transactions += 1;
      if (db.unrefusable?.has(message)) throw Object.assign(new Error('index row too large'), { code: '54000' });
      return { committed: [], refused: [message], setAside: [] };
    },
    setAside: (message) => ({ committed: [], refused: [], setAside: [message] }),
    reachable: async () => db.reachable,
    merge: (rs) => ({ committed: rs.flatMap((r) => r.committed), refused: rs.flatMap((r) => r.refused), setAside: rs.flatMap((r) => r.setAside) }),
  };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
/** Every subset of {0..n-1} with at most `k` members. */
function subsets(n: number, k: number): number[][] {
  const out: number[][] = [[]];
  for (let i = 0; i < n; i++) for (const s of [...out]) if (s.length < k) out.push([...s, i]);
  return out;
}

describe('writeNarrowing', () => {
  it('commits a clean batch in one transaction', async () => {
    const db: FakeDb = { poison: new Set(), reachable: true, transactions: 0 };
    expect(await writeNarrowing(fakeStore(db), range(100))).toEqual({ committed: range(100), refused: [], setAside: [] });
    expect(db.transactions).toBe(1);
  });

  it('for every batch up to 9 messages and every placement of up to 3 poison messages: others committed once in order, each poison refused', async () => {
    for (let n = 1; n <= 9; n++) {
      for (const poison of subsets(n, 3)) {
        const db: FakeDb = { poison: new Set(poison), reachable: true, transactions: 0 };
        const r = await writeNarrowing(fakeStore(db), range(n));
        expect(r.committed).toEqual(range(n).filter((m) => !poison.includes(m)));
        expect(r.refused).toEqual(poison);
        expect(r.setAside).toEqual([]);
      }
    }
  });

  it('narrows one poison message in 5,000 with a logarithmic number of transactions', async () => {
    const db: FakeDb = { poison: new Set([3217]), reachable: true, transactions: 0 };
    const r = await writeNarrowing(fakeStore(db), range(5000));
    expect(r.refused).toEqual([3217]);
    expect(r.committed).toHaveLength(4999);
    expect(db.transactions).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(5000)) + 2);
  });

  it('sets aside a message the database refuses even as a dead letter, and goes on', async () => {
    const db: FakeDb = { poison: new Set([2, 5]), unrefusable: new Set([5]), reachable: true, transactions: 0 };
    const r = await writeNarrowing(fakeStore(db), range(8));
    expect(r).toEqual({ committed: [0, 1, 3, 4, 6, 7], refused: [2], setAside: [5] });
  });

  it('never narrows while the database does not answer: the whole batch waits for a retry', async () => {
    const db: FakeDb = { poison: new Set([1]), reachable: false, transactions: 0 };
    await expect(writeNarrowing(fakeStore(db), range(4))).rejects.toBeInstanceOf(DatabaseUnavailableError);
    expect(db.transactions).toBe(1);
  });

  it('retries a passing failure (serialization) as it is before splitting', async () => {
    const db: FakeDb = { poison: new Set(), reachable: true, transactions: 0, passingFailures: 2 };
    expect((await writeNarrowing(fakeStore(db), range(6))).committed).toEqual(range(6));
    expect(db.transactions).toBe(3);
  });
});

describe('retryingWrite: a batch the database never answers', () => {
  it('is written in halves on its next tries, so a combination that never answers whole still commits', async () => {
    // The database hangs on this exact batch of 8 (reproducible), and answers any part of it.
    const db: FakeDb = { poison: new Set(), reachable: true, transactions: 0, hangsWith: (ms) => ms.length === 8 };
    const write = retryingWrite(fakeStore(db));
    const batch = range(8);
    await expect(write(batch)).rejects.toBeInstanceOf(DatabaseUnavailableError);
    // While it restarts, a retry waits without holding it against the batch.
    await expect(write(batch)).rejects.toBeInstanceOf(DatabaseUnavailableError);
    db.reachable = true;
    expect((await write(batch)).committed).toEqual(batch);
  });

  it('sets aside a single message that keeps the database from answering, after bounded tries', async () => {
    const db: FakeDb = { poison: new Set(), reachable: true, transactions: 0, hangsWith: (ms) => ms.includes(3) };
    const write = retryingWrite(fakeStore(db));
    const batch = range(4);
    let result: Result | undefined;
    for (let attempt = 0; attempt < 10 && !result; attempt++) {
      db.reachable = true;
      result = await write(batch).catch(() => undefined);
    }
    expect(result).toEqual({ committed: [0, 1, 2], refused: [], setAside: [3] });
  });

  it('never blames the batch for a connection the pool could not hand out in time: nothing is dead-lettered', async () => {
    let calls = 0;
    const store = fakeStore({ poison: new Set(), reachable: true, transactions: 0 });
    const busy: NarrowingStore<number, Result> = {
      ...store,
      // The database answers (it was busy); only the wait for a connection ran out.
      commit: async (ms) => {
        calls += 1;
        if (calls <= 3) throw new Error('timeout exceeded when trying to connect');
        return store.commit(ms);
      },
    };
    const write = retryingWrite(busy);
    const batch = [7];
    for (let i = 0; i < 3; i++) await expect(write(batch)).rejects.toBeInstanceOf(DatabaseUnavailableError);
    expect(await write(batch)).toEqual({ committed: [7], refused: [], setAside: [] });
  });

  it('does not hold refused connections (a restarting database) against the batch', async () => {
    let calls = 0;
    const store = fakeStore({ poison: new Set(), reachable: true, transactions: 0 });
    const flaky: NarrowingStore<number, Result> = {
      ...store,
      commit: async (ms) => {
        calls += 1;
        if (calls <= 5) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        return store.commit(ms);
      },
      reachable: async () => calls > 5,
    };
    const write = retryingWrite(flaky);
    const batch = range(4);
    for (let i = 0; i < 5; i++) await expect(write(batch)).rejects.toBeInstanceOf(DatabaseUnavailableError);
    expect(await write(batch)).toEqual({ committed: range(4), refused: [], setAside: [] });
    // One transaction for the whole batch: no halving was earned by refused connections.
    expect(calls).toBe(6);
  });
});
