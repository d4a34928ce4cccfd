import type { PoolClient } from 'pg';
import { describe, expect, it } from 'vitest';
import { COPY_MIN_ROWS, takesCopy } from './telemetry-copy.ts';

/** A connection whose answers to `SELECT version()` are scripted, one per call. */
function connection(answers: (string | Error)[]): { client: PoolClient; asked: () => number } {
  let asked = 0;
  const client = {
    query: async () => {
      const a = answers[asked++];
      if (a instanceof Error) throw a;
      return { rows: [{ v: a }] };
    },
  } as unknown as PoolClient;
  return { client, asked: () => asked };
}

const SERVER = 'PostgreSQL 15.20 (Debian 15.20-0+deb12u1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14+deb12u1) 12.2.0, 64-bit';
const PGLITE = 'PostgreSQL 17.5 on x86_64-pc-linux-gnu, compiled by emcc (Emscripten gcc/clang-like replacement + linker emulating GNU ld) 3.1.74, 32-bit';

describe('whether a batch goes by COPY', () => {
  it('asks a connection once: a server takes COPY, PGlite does not, small batches never', async () => {
    const server = connection([SERVER]);
    expect(await takesCopy(server.client, COPY_MIN_ROWS)).toBe(true);
    expect(await takesCopy(server.client, 5000)).toBe(true);
    expect(await takesCopy(server.client, COPY_MIN_ROWS - 1)).toBe(false);
    expect(server.asked()).toBe(1);
    expect(await takesCopy(connection([PGLITE]).client, 5000)).toBe(false);
  });

  it('asks again after a failed question instead of failing every later batch on that connection', async () => {
    const flaky = connection([new Error('canceling statement due to statement timeout'), SERVER]);
    await expect(takesCopy(flaky.client, 5000)).rejects.toThrow('statement timeout');
    expect(await takesCopy(flaky.client, 5000)).toBe(true);
    expect(flaky.asked()).toBe(2);
  });
});
