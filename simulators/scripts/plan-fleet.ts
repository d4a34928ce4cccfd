/**
 * Prints the planned fleet (DeviceSpec[] as JSON) for provisioning through the device registry:
 *   npx tsx simulators/scripts/plan-fleet.ts [--seed N] [--dev-credentials] > fleet.json
 * --dev-credentials adds username = id and a random password to each device, for a local broker
 * that does not check them; a real stack issues passwords through `cityops device add`.
 */
import { randomBytes } from 'node:crypto';
import { DEFAULT_AREAS_PATH, loadAreas } from '../src/areas/load-areas.ts';
import { planFleet } from '../src/fleet/plan-fleet.ts';
import { DEFAULT_FLEET_COUNTS } from '../src/fleet/device-spec.ts';

const args = process.argv.slice(2);
const seedAt = args.indexOf('--seed');
const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : 1;
if (!Number.isSafeInteger(seed)) {
  process.stderr.write('plan-fleet: --seed must be an integer\n');
  process.exit(2);
}
const fleet = planFleet({ areas: loadAreas(DEFAULT_AREAS_PATH).areas, counts: DEFAULT_FLEET_COUNTS, seed });
const out = args.includes('--dev-credentials') ? fleet.map((d) => ({ ...d, username: d.id, password: randomBytes(12).toString('base64url') })) : fleet;
process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
