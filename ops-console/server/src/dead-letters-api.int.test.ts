import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDeadLetters } from '@cityops/db';
import { openConsoleHarness, type ConsoleHarness } from './testing/console-harness.ts';

// The dead letters an admin reads to find a misbehaving device: by device, by reason, newest first, paged.
let h: ConsoleHarness;

beforeAll(async () => {
  h = await openConsoleHarness();
  const row = (deviceId: string | null, reason: string, n: number) => ({
    deviceId,
    topic: `city/v1/camera/${deviceId ?? 'x'}/status`,
    payload: new TextEncoder().encode(`{"n":${n}}`),
    reason,
    detail: `case ${n}`,
  });
  await insertDeadLetters(h.db.pool, [
    row('CAM-1', 'CITYOPS_INGEST_PAYLOAD_SCHEMA', 1),
    row('CAM-2', 'CITYOPS_INGEST_PAYLOAD_NOT_JSON', 2),
    row('CAM-1', 'CITYOPS_INGEST_PAYLOAD_NOT_JSON', 3),
    row(null, 'CITYOPS_INGEST_TOPIC_INVALID', 4),
  ]);
});
afterAll(async () => h?.close());

describe('dead letters', () => {
  it('filters by device and by reason together, newest first, and pages by id', async () => {
    const details = async (q: string) => (await h.api('admin', 'GET', `/api/dead-letters${q}`)).body.items.map((d: { detail: string }) => d.detail);
    expect(await details('')).toEqual(['case 4', 'case 3', 'case 2', 'case 1']);
    expect(await details('?deviceId=CAM-1')).toEqual(['case 3', 'case 1']);
    expect(await details('?reason=CITYOPS_INGEST_PAYLOAD_NOT_JSON')).toEqual(['case 3', 'case 2']);
    expect(await details('?deviceId=CAM-1&reason=CITYOPS_INGEST_PAYLOAD_NOT_JSON')).toEqual(['case 3']);
    const [newest] = (await h.api('admin', 'GET', '/api/dead-letters?limit=1')).body.items;
    expect(await details(`?before=${newest.id}&limit=2`)).toEqual(['case 3', 'case 2']);
    expect((await h.api('admin', 'GET', '/api/dead-letters?reason=NOT_A_CODE')).status).toBe(400);
    expect((await h.api('supervisor', 'GET', '/api/dead-letters')).status).toBe(403);
  });
});
