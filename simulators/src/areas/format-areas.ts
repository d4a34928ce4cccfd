import type { AreaSet } from './area.ts';

/** One area per line: the file stays reviewable in a diff and byte-identical when regenerated. */
export function formatAreaSet(set: AreaSet, seed: number): string {
  const head = { city: set.city, sample: set.sample, source: set.source, seed };
  const headLines = Object.entries(head).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  const areaLines = set.areas.map((a, i) => `    ${JSON.stringify(a)}${i < set.areas.length - 1 ? ',' : ''}`);
  return ['{', ...headLines, '  "areas": [', ...areaLines, '  ]', '}', ''].join('\n');
}
