import type { DeviceSpec } from '../fleet/device-spec.ts';
import type { FireFields } from '../behaviours/fire.ts';
import type { Rng } from '../core/rng.ts';

/** An event a scenario forces on a device, `atMs` after the run starts. */
export interface ScriptedEvent {
  atMs: number;
  deviceId: string;
  fields: FireFields;
}

/**
 * A scenario is data plus pure scheduling: given the devices that will run, it says what to force
 * and when. Every device also keeps its own everyday behaviour.
 */
export interface Scenario {
  name: string;
  description: string;
  script(devices: readonly DeviceSpec[], rng: Rng): ScriptedEvent[];
}

export const normalDay: Scenario = {
  name: 'normal-day',
  description: 'every device follows its daily rhythm in Hanoi time; nothing is scripted',
  script: () => [],
};
