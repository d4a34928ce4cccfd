import type { ReplayDevice, ReplayDevicesPage, ReplayEventsPage, ReplayIncidents } from '@cityops/contracts';
import type { ReplaySnapshot } from './replay-timeline.ts';

export type GetJson = <T>(path: string) => Promise<T>;

/**
 * How far back the server replays (24 hours). Restated from contracts, whose modules would bring the
 * schema validator into the bundle; a unit test keeps the two equal.
 */
export const REPLAY_WINDOW_MS = 24 * 3600_000;

/** Rows per request: a 50,000-device city is ten requests of a few hundred kB each. */
export const REPLAY_PAGE = 5_000;

const q = (iso: number) => encodeURIComponent(new Date(iso).toISOString());

/** The city at `at`: every page of GET /api/replay/devices, and GET /api/replay/incidents. */
export async function loadReplaySnapshot(get: GetJson, at: number, signal?: AbortSignal): Promise<ReplaySnapshot> {
  const devices: ReplayDevice[] = [];
  let after: string | null = null;
  let sseq = 0;
  do {
    const page: ReplayDevicesPage = await get(`/api/replay/devices?at=${q(at)}&limit=${REPLAY_PAGE}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    signal?.throwIfAborted();
    for (const d of page.items) devices.push(d);
    sseq = page.sseq;
    after = page.next;
  } while (after);
  const incidents: ReplayIncidents = await get(`/api/replay/incidents?at=${q(at)}`);
  signal?.throwIfAborted();
  // Both reads name their boundary: a different one means the log was pruned or rewritten between them.
  if (incidents.sseq !== sseq) throw new Error(`replay snapshot boundaries differ: ${sseq} vs ${incidents.sseq}`);
  return { at, sseq, devices, incidents: incidents.items };
}

/** Pages of GET /api/replay/events in (from, to], handed over one at a time as they arrive. */
export async function streamReplayEvents(
  get: GetJson,
  range: { from: number; to: number },
  onPage: (page: ReplayEventsPage) => void,
  signal?: AbortSignal,
): Promise<void> {
  let after: number | null = null;
  do {
    const page: ReplayEventsPage = await get(
      `/api/replay/events?from=${q(range.from)}&to=${q(range.to)}&limit=${REPLAY_PAGE}${after !== null ? `&after=${after}` : ''}`,
    );
    signal?.throwIfAborted();
    onPage(page);
    after = page.next;
  } while (after !== null);
}
