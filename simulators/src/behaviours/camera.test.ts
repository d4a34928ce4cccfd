import { describe, expect, it } from 'vitest';
import { cameraBehaviour, CAMERA_HEARTBEAT_MS } from './camera.ts';
import { drive, invalidPayloads, spec } from './test-drive.ts';
import { vnTime } from '../core/local-time.ts';

const DAY = 24 * 3600_000;

describe('camera behaviour', () => {
  const cam = spec('camera', 'CAM-A001-0001');
  const start = vnTime('2026-11-23', 0);

  it('sends valid heartbeats at least every 30 s with seq rising by one', () => {
    const { payloads } = drive(cameraBehaviour, cam, start, DAY);
    expect(invalidPayloads('camera', cam.id, payloads)).toEqual([]);
    expect(payloads.length).toBeGreaterThan(DAY / CAMERA_HEARTBEAT_MS);
    for (let i = 1; i < payloads.length; i++) {
      const [a, b] = [payloads[i - 1]!, payloads[i]!];
      expect(b.seq).toBe(a.seq + 1);
      expect(Number(b.ts) - Number(a.ts)).toBeLessThanOrEqual(CAMERA_HEARTBEAT_MS);
    }
  });

  it('across a fleet, some cameras degrade, go offline or are tampered with, and recover', () => {
    const seen = new Map<string, number>();
    let recoveries = 0;
    for (let c = 0; c < 100; c++) {
      const { payloads } = drive(cameraBehaviour, spec('camera', `CAM-T-${c}`), start, DAY, 3);
      payloads.forEach((p, i) => {
        seen.set(p.status, (seen.get(p.status) ?? 0) + 1);
        if (i > 0 && p.status === 'online' && payloads[i - 1]!.status !== 'online') recoveries++;
      });
    }
    const total = [...seen.values()].reduce((a, b) => a + b, 0);
    expect(seen.get('online')! / total).toBeGreaterThan(0.95);
    expect(seen.get('degraded') ?? 0).toBeGreaterThan(0);
    expect(seen.get('offline') ?? 0).toBeGreaterThan(0);
    expect(recoveries).toBeGreaterThan(10);
  });

  it('reports an offline camera with no frames and no recording (its NVR speaks for it)', () => {
    const rng = { next: () => 0 }; // forces the first listed transition each time
    const { state } = cameraBehaviour.init(cam, start, rng);
    const toDegraded = cameraBehaviour.step(cam, state, start, rng);
    expect(toDegraded.payload?.status).toBe('degraded');
    const toOnline = cameraBehaviour.step(cam, toDegraded.state, start, rng);
    expect(toOnline.payload?.status).toBe('online');
    const offline = cameraBehaviour.step(cam, { ...state, status: 'offline' }, start, { next: () => 0.99 });
    expect(offline.payload).toMatchObject({ status: 'offline', fps: 0, bitrateKbps: 0, recording: false });
  });
});
