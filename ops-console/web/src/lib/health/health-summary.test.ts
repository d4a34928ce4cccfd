import { describe, expect, it } from 'vitest';
import type { Health } from '@cityops/contracts';
import { summarizeHealth } from './health-summary.ts';

const ok: Health = { status: 'ok', database: 'up', broker: 'up', ingest: 'ok', timescale: true, version: '0.1.0' };

describe('summarizeHealth', () => {
  it('is quiet when all is well', () => {
    expect(summarizeHealth(ok)).toEqual({ ok: true, issues: [], details: [] });
  });
  it('names each thing wrong, keeping the server\'s words', () => {
    const s = summarizeHealth({ ...ok, status: 'degraded', database: 'down', ingest: 'stalled', problems: ['the database does not answer'] });
    expect(s).toEqual({ ok: false, issues: ['database', 'ingest'], details: ['the database does not answer'] });
  });
  it('counts a lagging reader, and a server that does not answer', () => {
    expect(summarizeHealth({ ...ok, status: 'degraded', readers: { alerting: { behind: 40, lagSeconds: 95 } } }).issues).toEqual(['readers']);
    expect(summarizeHealth(null)).toEqual({ ok: false, issues: ['unreachable'], details: [] });
  });
});
