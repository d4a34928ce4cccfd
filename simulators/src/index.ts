/** @cityops/simulators — device fleets and scripted scenarios over MQTT. Imports only @cityops/contracts. */
export type { Area, AreaSet } from './areas/area.ts';
export { validateAreaSet } from './areas/area.ts';
export { loadAreas, AreasFileError, DEFAULT_AREAS_PATH } from './areas/load-areas.ts';
export type { DeviceSpec, ProvisionedDevice, FleetCounts } from './fleet/device-spec.ts';
export { DEFAULT_FLEET_COUNTS } from './fleet/device-spec.ts';
export { planFleet } from './fleet/plan-fleet.ts';
export type { PlanFleetOptions } from './fleet/plan-fleet.ts';
export { BEHAVIOURS } from './behaviours/index.ts';
export type { Behaviour, Step, FireFields } from './behaviours/index.ts';
export { scenarios, SCENARIO_NAMES, isScenarioName, createFireOutbreak, normalDay, fireOutbreak } from './scenarios/index.ts';
export type { Scenario, ScenarioName, ScriptedEvent, FireOutbreakOptions } from './scenarios/index.ts';
export { runSimulation } from './runner/run-simulation.ts';
export type { RunSimulationOptions, SimulationHandle } from './runner/run-simulation.ts';
export type { SimulationStats } from './runner/stats.ts';
export type { ResendPolicy } from './runner/pending-receipts.ts';
export { DEFAULT_RESEND } from './runner/pending-receipts.ts';
