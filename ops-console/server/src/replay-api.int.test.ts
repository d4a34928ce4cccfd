import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceStatus, FireEvent, Incident, ReplayDevicesPage, ReplayEvent, ReplayEventsPage, ReplayIncidents } from '@cityops/contracts';
import { appendEvents, deviceStatusEvent, provisionDevice, updateDeviceStatuses, withTransaction } from '@cityops/db';
import { openConsoleHarness, type ConsoleHarness } from './testing/console-harness.ts';

// Replay: a replay at time T shows exactly what the console showed at T. The history is
// made through the same repository calls the gateway and alerting use; at each checkpoint the live
// API is read as the truth, and afterwards the replay API must give it back, by snapshot and by
// folding the event stream onto an earlier snapshot.
let h: ConsoleHarness;
let seq = 0;
const api: ConsoleHarness['api'] = (...args) => h.api(...args);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the gateway commits for one message: the status update and its events, in one transaction. */
async function report(id: string, status: DeviceStatus, fire?: FireEvent['event']): Promise<void> {
  await withTransaction(h.db.pool, async (c) => {
    const changes = await updateDeviceStatuses(c, [{ id, status, seenAt: new Date(), seq: ++seq }]);
    const events = changes.map(deviceStatusEvent);
    if (fire)
      await appendEvents(c, [...events, { topic: 'fire.event', payload: { deviceId: id, seq, event: fire, at: new Date().toISOString(), area: 'A050' } }]);
    else await appendEvents(c, events);
  });
}

const settle = () => h.settle();

interface Truth {
  at: string;
  devices: Record<string, string>;
  incidents: Incident[];
}

/** The live API at a quiet moment: what an operator saw then. */
async function checkpoint(): Promise<Truth> {
  await settle();
  await sleep(20);
  const at = new Date().toISOString();
  const devices = (await api<{ items: { id: string; status: string }[] }>('viewer', 'GET', '/api/devices')).body.items;
  const incidents = (await api<{ items: Incident[] }>('viewer', 'GET', '/api/incidents?state=active')).body.items;
  await sleep(20);
  return { at, devices: Object.fromEntries(devices.map((d) => [d.id, d.status])), incidents: incidents.sort((a, b) => a.id - b.id) };
}

/** Every page of the replayed devices at `at`, two at a time so paging is exercised. */
async function replayDevices(at: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  let after: string | null = null;
  do {
    const url: string = `/api/replay/devices?at=${encodeURIComponent(at)}&limit=2${after ? `&after=${after}` : ''}`;
    const { status, body } = await api<ReplayDevicesPage>('viewer', 'GET', url);
    expect(status).toBe(200);
    for (const d of body.items) out[d.id] = d.status;
    after = body.next;
  } while (after);
  return out;
}

async function replayIncidents(at: string): Promise<Incident[]> {
  const { status, body } = await api<ReplayIncidents>('viewer', 'GET', `/api/replay/incidents?at=${encodeURIComponent(at)}`);
  expect(status).toBe(200);
  return body.items;
}

async function replayEvents(from: string, to: string): Promise<ReplayEvent[]> {
  const out: ReplayEvent[] = [];
  let after: number | null = null;
  do {
    const url: string = `/api/replay/events?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&limit=3${after ? `&after=${after}` : ''}`;
    const { status, body } = await api<ReplayEventsPage>('viewer', 'GET', url);
    expect(status).toBe(200);
    out.push(...body.items);
    after = body.next;
  } while (after);
  return out;
}

const truths: Truth[] = [];

beforeAll(async () => {
  // Alerting on the wall clock: the history is stamped with the database's now().
  h = await openConsoleHarness({ realClock: true });
  for (const id of ['CAM-R1', 'CAM-R2']) await provisionDevice(h.db.pool, { id, kind: 'camera', lat: 21.03, lon: 105.85, area: 'A050' });
  await provisionDevice(h.db.pool, { id: 'FA-R1', kind: 'fire', lat: 21.02, lon: 105.84, area: 'A050', address: 'Số 1 Phố mẫu' });
  truths.push(await checkpoint()); // 0: registered, nothing heard yet
  await report('CAM-R1', 'online');
  await report('CAM-R2', 'online');
  await report('FA-R1', 'normal');
  truths.push(await checkpoint()); // 1: all quiet
  await report('FA-R1', 'alarm', 'alarm');
  truths.push(await checkpoint()); // 2: a fire alarm, its incident open
  await report('CAM-R2', 'offline');
  const fire = truths[2]!.incidents.find((i) => i.kind === 'fire_alarm')!;
  expect((await api('dispatcher', 'POST', `/api/incidents/${fire.id}/ack`)).status).toBe(200);
  truths.push(await checkpoint()); // 3: acknowledged, a camera down
  await provisionDevice(h.db.pool, { id: 'CAM-R3', kind: 'camera', lat: 21.04, lon: 105.86, area: 'A051' });
  await report('CAM-R3', 'online');
  await report('FA-R1', 'normal', 'restore');
  // Over its open checklist (a supervisor's override): one incident:updated, as a plain resolve.
  expect((await api('supervisor', 'POST', `/api/incidents/${fire.id}/resolve`, { note: 'Báo nhầm', overrideChecklist: true })).status).toBe(200);
  truths.push(await checkpoint()); // 4: resolved, a new camera
  await report('CAM-R1', 'tampered');
  await report('CAM-R2', 'online');
  await settle();
});

afterAll(async () => h?.close());

describe('replay API', () => {
  it('the history really moved: the checkpoints differ from each other and from now', () => {
    expect(truths.map((t) => t.devices['FA-R1'])).toEqual(['unknown', 'normal', 'alarm', 'alarm', 'normal']);
    expect(truths.map((t) => t.incidents.map((i) => i.state))).toEqual([[], [], ['open'], ['acknowledged'], []]);
    expect(truths[3]!.devices['CAM-R3']).toBeUndefined();
    expect(truths[4]!.devices['CAM-R3']).toBe('online');
  });

  it('devices at T are the states the registry showed at T, newer devices left out', async () => {
    for (const truth of truths) expect(await replayDevices(truth.at)).toEqual(truth.devices);
  });

  it('incidents at T are the active incidents the API listed at T, as they stood then', async () => {
    for (const truth of truths) expect(await replayIncidents(truth.at)).toEqual(truth.incidents);
  });

  it('the event stream folded onto an earlier snapshot gives every later snapshot', async () => {
    const start = truths[0]!;
    const events = await replayEvents(start.at, new Date().toISOString());
    expect(events.map((e) => e.sseq)).toEqual([...events.map((e) => e.sseq)].sort((a, b) => a - b));
    expect(new Set(events.map((e) => e.sseq)).size).toBe(events.length);
    const devices = await replayDevices(start.at);
    const incidents = new Map((await replayIncidents(start.at)).map((i) => [i.id, i]));
    let applied = 0;
    for (const truth of truths) {
      for (; applied < events.length && Date.parse(events[applied]!.at) <= Date.parse(truth.at); applied++) {
        const e = events[applied]!;
        if (e.type === 'device') {
          expect(e.previous).toBe(devices[e.id] ?? 'unknown');
          devices[e.id] = e.status;
        } else if (e.type === 'registry') {
          if (e.change === 'revoked') delete devices[e.device.id];
          else devices[e.device.id] = e.device.status;
        } else if (['open', 'acknowledged', 'dispatched'].includes(e.incident.state)) incidents.set(e.incident.id, e.incident);
        else incidents.delete(e.incident.id);
      }
      expect(devices).toEqual(truth.devices);
      expect([...incidents.values()].sort((a, b) => a.id - b.id)).toEqual(truth.incidents);
    }
    expect(applied).toBeLessThan(events.length); // the changes after the last checkpoint are in the stream too
  });

  it('refuses times outside the last 24 hours, bad cursors and callers without a session', async () => {
    const old = new Date(Date.now() - 25 * 3600_000).toISOString();
    const tooOld = await api<{ code: string }>('viewer', 'GET', `/api/replay/devices?at=${encodeURIComponent(old)}`);
    expect(tooOld).toMatchObject({ status: 400, body: { code: 'CITYOPS_REPLAY_OUT_OF_RANGE' } });
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await api<{ code: string }>('viewer', 'GET', `/api/replay/incidents?at=${encodeURIComponent(future)}`)).body.code).toBe(
      'CITYOPS_REPLAY_OUT_OF_RANGE',
    );
    const now = new Date().toISOString();
    const backwards = await api<{ code: string }>(
      'viewer',
      'GET',
      `/api/replay/events?from=${encodeURIComponent(now)}&to=${encodeURIComponent(truths[0]!.at)}`,
    );
    expect(backwards.body.code).toBe('CITYOPS_REPLAY_OUT_OF_RANGE');
    expect((await api<{ code: string }>('viewer', 'GET', '/api/replay/devices?at=yesterday')).body.code).toBe('CITYOPS_REQUEST_INVALID');
    expect((await api<{ code: string }>('viewer', 'GET', `/api/replay/devices?at=${encodeURIComponent(now)}&after=x;drop`)).status).toBe(400);
    const anonymous = await h.app.inject({ method: 'GET', url: `/api/replay/events?from=${encodeURIComponent(truths[0]!.at)}&to=${encodeURIComponent(now)}` });
    expect(anonymous.statusCode).toBe(401);
  });
});
