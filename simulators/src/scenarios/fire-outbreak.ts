import type { DeviceSpec } from '../fleet/device-spec.ts';
import type { Rng } from '../core/rng.ts';
import { pick, uniform } from '../core/rng.ts';
import { distanceKm } from '../core/geo.ts';
import type { FireFields } from '../behaviours/fire.ts';
import { SAMPLE_ZONES } from '../behaviours/fire.ts';
import { round1 } from '../behaviours/behaviour.ts';
import type { Scenario, ScriptedEvent } from './scenario.ts';

export interface FireOutbreakOptions {
  /** Quiet time before the first alarm, so the console shows a normal picture first. */
  startDelayMs: number;
  /** Panels that go into alarm, one after another, in the busiest area. */
  clusterSize: number;
  /** Gap between one panel's alarm and the next one's. */
  spreadMs: number;
  /** How long after its alarm each panel restores. */
  restoreAfterMs: number;
}

export const FIRE_OUTBREAK_DEFAULTS: FireOutbreakOptions = { startDelayMs: 20_000, clusterSize: 5, spreadMs: 15_000, restoreAfterMs: 300_000 };

/** The area with the most fire panels among the running devices (ties broken by the rng). */
function busiestArea(panels: readonly DeviceSpec[], rng: Rng): string | undefined {
  const counts = new Map<string, number>();
  for (const p of panels) counts.set(p.area, (counts.get(p.area) ?? 0) + 1);
  const max = Math.max(0, ...counts.values());
  const tied = [...counts]
    .filter(([, n]) => n === max)
    .map(([area]) => area)
    .sort();
  return tied.length > 0 ? pick(rng, tied) : undefined;
}

/**
 * A fire that spreads from one building to its neighbours: smoke first, heat as it grows, then
 * each panel restores once the fire is out.
 */
export function createFireOutbreak(options: Partial<FireOutbreakOptions> = {}): Scenario {
  const o = { ...FIRE_OUTBREAK_DEFAULTS, ...options };
  return {
    name: 'fire-outbreak',
    description: `normal day; after ${o.startDelayMs / 1000} s up to ${o.clusterSize} fire panels in one area alarm in sequence, then restore`,
    script(devices, rng) {
      const panels = devices.filter((d) => d.kind === 'fire');
      const area = busiestArea(panels, rng);
      if (area === undefined) return [];
      const inArea = panels.filter((p) => p.area === area);
      const origin = pick(rng, inArea);
      const cluster = [...inArea].sort((a, b) => distanceKm(origin, a) - distanceKm(origin, b)).slice(0, o.clusterSize);
      const events: ScriptedEvent[] = [];
      cluster.forEach((panel, i) => {
        const at = o.startDelayMs + i * o.spreadMs + Math.round(uniform(rng, 0, o.spreadMs / 5));
        const zone = pick(rng, SAMPLE_ZONES);
        const smoke: FireFields = { event: 'alarm', zone, detector: 'smoke', smokeObscurationPct: round1(uniform(rng, 4, 10) + 2 * i) };
        const heat: FireFields = { event: 'alarm', zone, detector: 'heat', temperatureC: round1(uniform(rng, 62, 75) + 4 * i) };
        events.push({ atMs: at, deviceId: panel.id, fields: smoke });
        // The fire grows: the same zone's heat detector trips a little later.
        events.push({ atMs: at + Math.round(o.spreadMs / 2), deviceId: panel.id, fields: heat });
        events.push({ atMs: at + o.restoreAfterMs, deviceId: panel.id, fields: { event: 'restore', zone } });
      });
      return events.sort((a, b) => a.atMs - b.atMs);
    },
  };
}

export const fireOutbreak: Scenario = createFireOutbreak();
