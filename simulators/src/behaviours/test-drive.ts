import type { DeviceKind, PayloadByKind } from '@cityops/contracts';
import { decodeTelemetry, telemetryTopic } from '@cityops/contracts';
import type { Behaviour } from './behaviour.ts';
import type { DeviceSpec } from '../fleet/device-spec.ts';
import { deviceRng } from '../core/rng.ts';

/** Test helper: run a behaviour from `start` for `durationMs` of simulated time, as the runner would at rate 1. */
export function drive<K extends DeviceKind, S>(
  behaviour: Behaviour<K, S>,
  spec: DeviceSpec,
  start: number,
  durationMs: number,
  seed = 1,
): { payloads: PayloadByKind[K][]; wakeups: number; state: S } {
  const rng = deviceRng(seed, spec.id);
  const init = behaviour.init(spec, start, rng);
  let state = init.state;
  let now = start + init.delayMs;
  const payloads: PayloadByKind[K][] = [];
  let wakeups = 0;
  while (now < start + durationMs) {
    const step = behaviour.step(spec, state, now, rng);
    wakeups++;
    state = step.state;
    if (step.payload) payloads.push(step.payload);
    now += step.delayMs;
  }
  return { payloads, wakeups, state };
}

/** The reasons contracts' decoder gives for payloads it refuses (empty when all are valid). */
export function invalidPayloads(kind: DeviceKind, deviceId: string, payloads: readonly { ts: number | string }[]): string[] {
  const topic = telemetryTopic(kind, deviceId);
  return payloads.flatMap((p) => {
    const r = decodeTelemetry(topic, new TextEncoder().encode(JSON.stringify(p)), Number(p.ts));
    return r.ok ? [] : [`${r.reason}: ${r.detail} in ${JSON.stringify(p)}`];
  });
}

export function spec(kind: DeviceKind, id: string, extra: Partial<DeviceSpec> = {}): DeviceSpec {
  return { id, kind, lat: 21.0285, lon: 105.8542, area: 'A001', name: id, ...extra };
}
