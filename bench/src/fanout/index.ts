export { runFanoutBench, formatFanout, FANOUT_P99_TARGET_MS, type FanoutOptions, type FanoutResult } from './run-fanout-bench.ts';
export { fanoutOptionsFromEnv } from './env.ts';
