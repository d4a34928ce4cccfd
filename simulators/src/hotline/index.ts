export { runHotline } from './run-hotline.ts';
export type { RunHotlineOptions, HotlineHandle, HotlineStats } from './run-hotline.ts';
export { CallPlanner } from './plan-calls.ts';
export type { PlannedCall } from './plan-calls.ts';
export { callsPerHour, callShare, DAILY_CALLS } from './rhythm.ts';
