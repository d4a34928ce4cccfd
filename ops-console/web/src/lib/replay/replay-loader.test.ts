import { describe, expect, it } from 'vitest';
// Value import in a Node test only; the browser code imports types from contracts (README).
import { REPLAY_WINDOW_MS as CONTRACT_WINDOW_MS, type ReplayDevicesPage, type ReplayEventsPage, type ReplayIncidents } from '@cityops/contracts';
import { incidentFixture } from '../map/incident.fixture.ts';
import { loadReplaySnapshot, REPLAY_WINDOW_MS, streamReplayEvents, type GetJson } from './replay-loader.ts';

const AT = Date.parse('2026-03-01T00:00:00Z');
const device = (id: string) => ({ id, kind: 'fire' as const, status: 'normal' as const, lat: 21, lon: 105.8, area: null, name: null, address: null });

/** Answers by path prefix from queued responses, and records what was asked. */
function server(responses: Record<string, object[]>): { get: GetJson; asked: string[] } {
  const asked: string[] = [];
  const get = (async (path: string) => {
    asked.push(path);
    const key = Object.keys(responses).find((k) => path.startsWith(k))!;
    return responses[key]!.shift();
  }) as GetJson;
  return { get, asked };
}

describe('the replay window', () => {
  it('is the one the server replays', () => {
    expect(REPLAY_WINDOW_MS).toBe(CONTRACT_WINDOW_MS);
  });
});

describe('loadReplaySnapshot', () => {
  it('follows the device pages to the end and takes the incidents of the same boundary', async () => {
    const pages: ReplayDevicesPage[] = [
      { at: new Date(AT).toISOString(), sseq: 40, items: [device('FA-1'), device('FA-2')], next: 'FA-2' },
      { at: new Date(AT).toISOString(), sseq: 40, items: [device('FA-3')], next: null },
    ];
    const incidents: ReplayIncidents = { at: new Date(AT).toISOString(), sseq: 40, items: [incidentFixture(3)] };
    const { get, asked } = server({ '/api/replay/devices': pages, '/api/replay/incidents': [incidents] });
    const snap = await loadReplaySnapshot(get, AT);
    expect(snap).toMatchObject({ at: AT, sseq: 40, incidents: [{ id: 3 }] });
    expect(snap.devices.map((d) => d.id)).toEqual(['FA-1', 'FA-2', 'FA-3']);
    expect(asked[0]).toBe('/api/replay/devices?at=2026-03-01T00%3A00%3A00.000Z&limit=5000');
    expect(asked[1]).toContain('&after=FA-2');
  });

  it('refuses a snapshot whose two halves name different boundaries', async () => {
    const { get } = server({
      '/api/replay/devices': [{ at: '', sseq: 40, items: [], next: null }],
      '/api/replay/incidents': [{ at: '', sseq: 41, items: [] }],
    });
    await expect(loadReplaySnapshot(get, AT)).rejects.toThrow(/boundaries differ/);
  });
});

describe('streamReplayEvents', () => {
  it('hands over each page as it comes and stops at the one without next', async () => {
    const page = (items: number[], next: number | null): ReplayEventsPage => ({
      from: '',
      to: '',
      fromSseq: 0,
      toSseq: 9,
      next,
      items: items.map((sseq) => ({ sseq, at: new Date(AT + sseq).toISOString(), type: 'incident' as const, incident: incidentFixture(sseq) })),
    });
    const { get, asked } = server({ '/api/replay/events': [page([1, 2], 2), page([3], null)] });
    const seen: number[][] = [];
    await streamReplayEvents(get, { from: AT, to: AT + 60_000 }, (p) => seen.push(p.items.map((e) => e.sseq)));
    expect(seen).toEqual([[1, 2], [3]]);
    expect(asked[1]).toMatch(/&after=2$/);
  });
});
