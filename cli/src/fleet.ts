import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { provisionDevices, findDevice, ensureBuildings, type BrokerDeviceAccounts, type Pool } from '@cityops/db';
import { DEFAULT_FLEET_COUNTS, loadAreas, planFleet, sampleBuildingFor, type ProvisionedDevice } from '@cityops/simulators';

/**
 * The simulated fleet, provisioned through the same registry as real devices. Its secrets are
 * kept (mode 0600) in the data directory so the fleet reconnects after a restart.
 */
export async function ensureSimulatedFleet(pool: Pool, dataDir: string, log: Logger, accounts?: BrokerDeviceAccounts): Promise<ProvisionedDevice[]> {
  const file = join(dataDir, 'simulated-fleet.json');
  if (existsSync(file)) {
    const fleet = JSON.parse(readFileSync(file, 'utf8')) as ProvisionedDevice[];
    if (fleet.length > 0 && (await findDevice(pool, fleet[0]!.id))) return fleet;
  }
  const specs = planFleet({ areas: loadAreas().areas, counts: DEFAULT_FLEET_COUNTS, seed: 20251 });
  const started = Date.now();
  // Each simulated fire panel sits in a sample building (source `sample`), so fire incidents show one.
  const buildings = new Map(specs.filter((spec) => spec.kind === 'fire').map((spec) => [spec.id, sampleBuildingFor(spec)]));
  await ensureBuildings(pool, [...buildings.values()], 'sample');
  // Devices left from an earlier start (the secrets file lost) get new secrets, not an error.
  const credentials = await provisionDevices(
    pool,
    specs.map((spec) => {
      const buildingId = buildings.get(spec.id)?.id;
      return {
        id: spec.id,
        kind: spec.kind,
        lat: spec.lat,
        lon: spec.lon,
        name: spec.name,
        area: spec.area,
        ...(spec.address ? { address: spec.address } : {}),
        ...(buildingId ? { buildingId } : {}),
      };
    }),
    accounts,
  );
  const fleet: ProvisionedDevice[] = specs.map((spec, i) => ({ ...spec, username: spec.id, password: credentials[i]!.password }));
  writeFileSync(file, JSON.stringify(fleet));
  chmodSync(file, 0o600);
  log.info({ devices: fleet.length, durationMs: Date.now() - started }, 'simulated fleet provisioned');
  return fleet;
}
