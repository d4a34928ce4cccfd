import { readFileSync } from 'node:fs';
import type { ProvisionedDevice } from '../fleet/device-spec.ts';
import { deviceProblem } from '../runner/validate-options.ts';

/** Read a credentials file from a prior provisioning; returns one line naming the problem on failure. */
export function loadFleet(path: string, take: number | undefined): { devices: ProvisionedDevice[] } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { error: `credentials file ${path}: ${e.code ? `cannot read (${e.code})` : `not JSON (${e.message})`}` };
  }
  if (!Array.isArray(json) || json.length === 0) return { error: `credentials file ${path}: must be a non-empty JSON array of provisioned devices` };
  for (let i = 0; i < json.length; i++) {
    const problem = deviceProblem(json[i], `[${i}]`);
    if (problem) return { error: `credentials file ${path}: ${problem}` };
  }
  if (take !== undefined && take > json.length) return { error: `--devices ${take} but ${path} holds only ${json.length} devices` };
  return { devices: (json as ProvisionedDevice[]).slice(0, take) };
}
