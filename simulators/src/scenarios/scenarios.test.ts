import { describe, expect, it } from 'vitest';
import { createFireOutbreak, FIRE_OUTBREAK_DEFAULTS, isScenarioName, scenarios } from './index.ts';
import { planFleet } from '../fleet/plan-fleet.ts';
import { DEFAULT_FLEET_COUNTS } from '../fleet/device-spec.ts';
import { loadAreas } from '../areas/load-areas.ts';
import { createRng } from '../core/rng.ts';

const fleet = planFleet({ areas: loadAreas().areas, counts: DEFAULT_FLEET_COUNTS, seed: 1 });

describe('scenarios', () => {
  it('knows its names', () => {
    expect(isScenarioName('normal-day')).toBe(true);
    expect(isScenarioName('fire-outbreak')).toBe(true);
    expect(isScenarioName('toString')).toBe(false);
  });

  it('normal-day scripts nothing', () => {
    expect(scenarios['normal-day'].script(fleet, createRng(1))).toEqual([]);
  });

  describe('fire-outbreak', () => {
    const script = scenarios['fire-outbreak'].script(fleet, createRng(1));
    const byId = new Map(fleet.map((d) => [d.id, d]));

    it('alarms a cluster of fire panels in one area, in sequence, after a quiet start', () => {
      const alarms = script.filter((e) => e.fields.event === 'alarm');
      const panels = [...new Set(alarms.map((e) => e.deviceId))];
      expect(panels).toHaveLength(FIRE_OUTBREAK_DEFAULTS.clusterSize);
      expect(new Set(panels.map((id) => byId.get(id)?.area)).size).toBe(1);
      expect(panels.every((id) => byId.get(id)?.kind === 'fire')).toBe(true);
      expect(alarms[0]!.atMs).toBeGreaterThanOrEqual(FIRE_OUTBREAK_DEFAULTS.startDelayMs);
      expect(script.map((e) => e.atMs)).toEqual([...script.map((e) => e.atMs)].sort((a, b) => a - b));
    });

    it('carries smoke obscuration and temperature readings', () => {
      expect(script.some((e) => e.fields.smokeObscurationPct !== undefined)).toBe(true);
      expect(script.some((e) => e.fields.temperatureC !== undefined)).toBe(true);
    });

    it('restores every panel after its alarms', () => {
      for (const id of new Set(script.map((e) => e.deviceId))) {
        const mine = script.filter((e) => e.deviceId === id);
        expect(mine.at(-1)?.fields.event).toBe('restore');
        expect(mine.filter((e) => e.fields.event === 'restore')).toHaveLength(1);
      }
    });

    it('is deterministic for a seed and copes with few or no panels', () => {
      expect(scenarios['fire-outbreak'].script(fleet, createRng(1))).toEqual(script);
      expect(
        scenarios['fire-outbreak'].script(
          fleet.filter((d) => d.kind !== 'fire'),
          createRng(1),
        ),
      ).toEqual([]);
      const one = fleet.filter((d) => d.kind === 'fire').slice(0, 1);
      expect(
        createFireOutbreak({ startDelayMs: 0 })
          .script(one, createRng(1))
          .map((e) => e.fields.event),
      ).toEqual(['alarm', 'alarm', 'restore']);
    });
  });
});
