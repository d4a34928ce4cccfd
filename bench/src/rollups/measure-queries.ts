import type { ClientBase } from 'pg';
import { percentile } from '../alarm-latency/stats.ts';
import type { BenchQuery } from './history-queries.ts';

export interface QueryTiming {
  runs: number;
  p50: number;
  p95: number;
  /** JSON of the answer, to check the rollup and the raw scan agree. */
  answer: string;
  rows: number;
}

/** Times `runs` runs after `warmup` untimed ones; stops early after `budgetMs` once `minRuns` ran. */
export async function timeQuery(
  client: ClientBase,
  q: BenchQuery,
  o: { warmup: number; runs: number; minRuns: number; budgetMs: number },
): Promise<QueryTiming> {
  let answer: unknown;
  for (let i = 0; i < o.warmup; i++) answer = await q.run(client);
  const times: number[] = [];
  const started = performance.now();
  while (times.length < o.runs && (times.length < o.minRuns || performance.now() - started < o.budgetMs)) {
    const t0 = performance.now();
    answer = await q.run(client);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const rows = Array.isArray(answer)
    ? answer.length
    : Array.isArray((answer as { items?: unknown[] })?.items)
      ? (answer as { items: unknown[] }).items.length
      : 0;
  return { runs: times.length, p50: percentile(times, 0.5), p95: percentile(times, 0.95), answer: JSON.stringify(answer), rows };
}
