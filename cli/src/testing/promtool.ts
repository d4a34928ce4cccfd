import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Prometheus's own linter: scripts/fetch-promtool.sh puts it in .tools/, or CITYOPS_PROMTOOL names one. */
const REPO_PROMTOOL = join(import.meta.dirname, '..', '..', '..', '.tools', 'promtool');
export const PROMTOOL = process.env.CITYOPS_PROMTOOL ?? (existsSync(REPO_PROMTOOL) ? REPO_PROMTOOL : 'promtool');

export function promtoolFound(): boolean {
  if (PROMTOOL.includes('/')) return existsSync(PROMTOOL);
  return spawnSync(PROMTOOL, ['--version']).status === 0;
}

/** What `promtool check metrics` says of a scrape: '' when it has nothing to say. */
export function promtoolCheckMetrics(text: string): string {
  try {
    return execFileSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return `${e.stdout ?? ''}${e.stderr ?? ''}` || 'promtool failed';
  }
}

/** The value of one series (`name{labels}`) in a scrape, or undefined. */
export function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
