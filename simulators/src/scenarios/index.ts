import type { Scenario } from './scenario.ts';
import { normalDay } from './scenario.ts';
import { fireOutbreak } from './fire-outbreak.ts';

export type { Scenario, ScriptedEvent } from './scenario.ts';
export { normalDay } from './scenario.ts';
export { createFireOutbreak, fireOutbreak, FIRE_OUTBREAK_DEFAULTS } from './fire-outbreak.ts';
export type { FireOutbreakOptions } from './fire-outbreak.ts';

export const scenarios = {
  'normal-day': normalDay,
  'fire-outbreak': fireOutbreak,
} as const satisfies Record<string, Scenario>;

export type ScenarioName = keyof typeof scenarios;
export const SCENARIO_NAMES = Object.keys(scenarios) as ScenarioName[];

export function isScenarioName(value: string): value is ScenarioName {
  return Object.hasOwn(scenarios, value);
}
