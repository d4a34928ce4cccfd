export { buildApp, type AppDeps } from './app.ts';
export { readConsoleConfig, type ConsoleConfig } from './config.ts';
export { startOpsRealtime, type OpsRealtime } from './realtime/ops-namespace.ts';
export { startRidershipEmitter, type RidershipEmitterOptions } from './realtime/ridership-emitter.ts';
export type { HealthProbes } from './routes/health-routes.ts';
