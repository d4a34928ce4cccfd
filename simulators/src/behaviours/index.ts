import type { DeviceKind } from '@cityops/contracts';
import type { Behaviour } from './behaviour.ts';
import { cameraBehaviour } from './camera.ts';
import { fireBehaviour } from './fire.ts';
import { transitBehaviour } from './transit.ts';
import { queueBehaviour } from './queue.ts';

export type { Behaviour, Step } from './behaviour.ts';
export type { FireFields } from './fire.ts';
export { cameraBehaviour, fireBehaviour, transitBehaviour, queueBehaviour };

/** One behaviour per device kind; state types differ, so callers hold the state opaquely. */
export const BEHAVIOURS: { [K in DeviceKind]: Behaviour<K, unknown> } = {
  camera: cameraBehaviour,
  fire: fireBehaviour,
  transit: transitBehaviour,
  queue: queueBehaviour,
};
