import { describe, expect, it } from 'vitest';
import type { Health } from '@cityops/contracts';
import { debounced, summarizeHealth } from './health-summary.ts';

const ok: Health = { status: 'ok', database: 'up', broker: 'up', ingest: 'ok', timescale: true, version: '0.1.0' };

describe('summarizeHealth', () => {
  it('is quiet when all is well', () => {
    expect(summarizeHealth(ok)).toEqual({ ok: true, issues: [], details: [] });
  });
  it("names each thing wrong, keeping the server's words", () => {
    const s = summarizeHealth({ ...ok, status: 'degraded', database: 'down', ingest: 'stalled', problems: ['the database does not answer'] });
    expect(s).toEqual({ ok: false, issues: ['database', 'ingest'], details: ['the database does not answer'] });
  });
  it('counts a lagging reader, and a server that does not answer', () => {
    expect(summarizeHealth({ ...ok, status: 'degraded', readers: { alerting: { behind: 40, lagSeconds: 95 } } }).issues).toEqual(['readers']);
    expect(summarizeHealth(null)).toEqual({ ok: false, issues: ['unreachable'], details: [] });
  });
});

describe('debounced', () => {
  const quiet = summarizeHealth(ok);
  const down = summarizeHealth({ ...ok, status: 'degraded', database: 'down' });
  it('shows a problem after two bad answers in a row, and hides it at the first good one', () => {
    const one = debounced(quiet, 0, down);
    expect(one).toEqual({ shown: quiet, bad: 1 });
    const two = debounced(one.shown, one.bad, down);
    expect(two).toEqual({ shown: down, bad: 2 });
    expect(debounced(two.shown, two.bad, quiet)).toEqual({ shown: quiet, bad: 0 });
  });
  it('shows a problem at once when the bad answer itself took 4 s (the server waited that long)', () => {
    expect(debounced(quiet, 0, down, 3999)).toEqual({ shown: quiet, bad: 1 });
    expect(debounced(quiet, 0, down, 4000)).toEqual({ shown: down, bad: 1 });
  });
  it('forgets a single bad answer', () => {
    const one = debounced(quiet, 0, down);
    expect(debounced(one.shown, one.bad, quiet)).toEqual({ shown: quiet, bad: 0 });
  });
});
