export { runRollupsBench, rollupOptionsFromEnv, ROLLUP_P95_TARGET_MS, type RollupsBenchOptions, type RollupsBenchResult } from './run-rollups-bench.ts';
export { formatRollups } from './report.ts';
