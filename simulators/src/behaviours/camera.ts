import type { CameraStatus } from '@cityops/contracts';
import type { Behaviour } from './behaviour.ts';
import { firstSeq, round1, tsOf } from './behaviour.ts';
import type { Rng } from '../core/rng.ts';
import { uniform } from '../core/rng.ts';

type Health = CameraStatus['status'];

export interface CameraState {
  seq: number;
  status: Health;
  storageFreePct: number;
  bitrateKbps: number;
}

/** A camera must report at least every 30 s (its status schema): jitter only ever shortens the gap. */
export const CAMERA_HEARTBEAT_MS = 30_000;
const JITTER_MS = 3_000;

/**
 * Per-heartbeat transition odds. Tuned so that about 1 % of cameras are degraded and 0.5 % offline
 * at any time, and a few are tampered with each day across 2,000 cameras.
 */
const TRANSITIONS: Readonly<Record<Health, readonly (readonly [Health, number])[]>> = {
  online: [
    ['degraded', 0.001],
    ['offline', 0.00017],
    ['tampered', 0.000003],
  ],
  degraded: [
    ['online', 0.1],
    ['offline', 0.01],
  ],
  offline: [['online', 1 / 30]],
  tampered: [['online', 1 / 40]],
};

function nextHealth(current: Health, rng: Rng): Health {
  let r = rng.next();
  for (const [to, p] of TRANSITIONS[current]) {
    if (r < p) return to;
    r -= p;
  }
  return current;
}

function vitals(status: Health, s: CameraState, rng: Rng): Pick<CameraStatus, 'fps' | 'bitrateKbps' | 'recording'> {
  switch (status) {
    case 'online':
      return { fps: 25, bitrateKbps: Math.round(s.bitrateKbps * uniform(rng, 0.9, 1.1)), recording: true };
    case 'degraded':
      return { fps: Math.round(uniform(rng, 4, 15)), bitrateKbps: Math.round(s.bitrateKbps * uniform(rng, 0.15, 0.5)), recording: true };
    // An offline camera cannot speak: its NVR (video recorder) reports it on the camera's topic.
    case 'offline':
      return { fps: 0, bitrateKbps: 0, recording: false };
    // Covered or turned away: the stream still flows, the picture is useless.
    case 'tampered':
      return { fps: 25, bitrateKbps: Math.round(s.bitrateKbps * uniform(rng, 0.05, 0.2)), recording: true };
  }
}

export const cameraBehaviour: Behaviour<'camera', CameraState> = {
  kind: 'camera',
  init(_spec, now, rng) {
    const state: CameraState = {
      seq: firstSeq(now),
      status: 'online',
      storageFreePct: uniform(rng, 25, 85),
      bitrateKbps: Math.round(uniform(rng, 1500, 4096)),
    };
    // Spread first heartbeats over one period so a fleet does not pulse in lockstep.
    return { state, delayMs: rng.next() * CAMERA_HEARTBEAT_MS };
  },
  step(_spec, s, now, rng) {
    const status = nextHealth(s.status, rng);
    // The NVR fills slowly, then overwrites its oldest footage and frees a chunk.
    let storage = s.storageFreePct - uniform(rng, 0, 0.02);
    if (storage < 12) storage = uniform(rng, 40, 60);
    const payload: CameraStatus = {
      ts: tsOf(now),
      seq: s.seq,
      status,
      ...vitals(status, s, rng),
      storageFreePct: round1(storage),
    };
    return {
      state: { ...s, seq: s.seq + 1, status, storageFreePct: storage },
      payload,
      delayMs: CAMERA_HEARTBEAT_MS - rng.next() * JITTER_MS,
    };
  },
};
