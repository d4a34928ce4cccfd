import { envNumber } from '../env-number.ts';
import type { FanoutOptions } from './run-fanout-bench.ts';

/** BENCH_FANOUT_* variables (bench README); unset ones keep runFanoutBench's defaults. */
export function fanoutOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): Omit<FanoutOptions, 'log'> {
  const o: Omit<FanoutOptions, 'log'> = {
    sockets: envNumber(env, 'BENCH_FANOUT_SOCKETS', 1, 5000),
    ratePerSec: envNumber(env, 'BENCH_FANOUT_RATE', 1, 100_000),
    seconds: envNumber(env, 'BENCH_FANOUT_SECONDS', 1, 600),
  };
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
