import type { Pool } from 'pg';
import type { CreateDeviceRequest, Device, DeviceCredentials, DeviceKind, Role } from '@cityops/contracts';
import { CityopsError, isDeviceId, isProvisionableDeviceId, SERVICE_CLIENT_PREFIX } from '@cityops/contracts';
import { withTransaction } from './pool.ts';
import { generateSecret, hashDeviceSecret, hashPassword, verifyDeviceSecret } from './secrets.ts';
import {
  deviceRegistryEvent,
  findDeviceIdentity,
  insertDevice,
  markDeviceRevoked,
  setDeviceSecret,
  upsertDevicesWithSecrets,
} from './repositories/devices-repository.ts';
import { appendEvents } from './repositories/event-log-repository.ts';
import { insertUser, setUserPassword } from './repositories/users-repository.ts';

/** A device named like a service could sign in to the broker under that service's name. */
function refuseReservedId(id: string): void {
  if (isDeviceId(id) && !isProvisionableDeviceId(id))
    throw new CityopsError('CITYOPS_DEVICE_ID_RESERVED', `device id ${JSON.stringify(id.slice(0, 64))} begins with ${SERVICE_CLIENT_PREFIX}`);
}

/**
 * The broker's own store of device accounts, where the broker is not ours (Mosquitto with its
 * dynamic security plugin): an account is created or renewed inside the registry transaction, so
 * a device exists in both or in neither; a disabled account is disconnected by the broker at once.
 */
export interface BrokerDeviceAccounts {
  /** Creates these devices' accounts, or gives existing ones the new password and enables them. */
  put(devices: readonly { id: string; kind: DeviceKind; password: string }[]): Promise<void>;
  /** Disables these devices' accounts; the broker closes their connections. */
  disable(ids: readonly string[]): Promise<void>;
}

/** The broker refused or did not answer: a device being created was not (its registry entry rolled back). */
export class BrokerAccountsError extends Error {
  override name = 'BrokerAccountsError';
}

/**
 * Registry operations shared by the CLI, the REST API and the simulated fleet: one place that
 * issues secrets, so every path stores only hashes and shows the secret exactly once. Each change
 * is logged (`device.registry`) in its own transaction, so live maps and replay follow the registry.
 */
export async function provisionDevice(pool: Pool, req: CreateDeviceRequest, accounts?: BrokerDeviceAccounts): Promise<DeviceCredentials> {
  refuseReservedId(req.id);
  const password = generateSecret();
  const device = await withTransaction(pool, async (c) => {
    const d = await insertDevice(c, req, hashDeviceSecret(password));
    await appendEvents(c, [deviceRegistryEvent(d, 'added')]);
    await accounts?.put([{ id: d.id, kind: d.kind, password }]);
    return d;
  });
  return { id: device.id, kind: device.kind, username: device.id, password };
}

/**
 * Many devices at once (the simulated fleet's first start): one transaction, one statement and one
 * batch of registry events instead of a transaction per device (2,926 of them doubled the fleet's
 * provisioning time on the embedded database). A device that already exists gets a new secret and
 * its building, as rotateDeviceSecret does, instead of an error. Credentials in the order asked.
 */
export async function provisionDevices(pool: Pool, reqs: readonly CreateDeviceRequest[], accounts?: BrokerDeviceAccounts): Promise<DeviceCredentials[]> {
  for (const r of reqs) refuseReservedId(r.id);
  const passwords = reqs.map(() => generateSecret());
  await withTransaction(pool, async (c) => {
    const rows = await upsertDevicesWithSecrets(
      c,
      reqs.map((req, i) => ({ req, secretHash: hashDeviceSecret(passwords[i]!) })),
    );
    await appendEvents(
      c,
      rows.flatMap((r) => (r.change ? [deviceRegistryEvent(r.device, r.change)] : [])),
    );
    await accounts?.put(reqs.map((r, i) => ({ id: r.id, kind: r.kind, password: passwords[i]! })));
  });
  return reqs.map((r, i) => ({ id: r.id, kind: r.kind, username: r.id, password: passwords[i]! }));
}

/** Issues a new secret for an existing device (and lifts a revocation). */
export async function rotateDeviceSecret(pool: Pool, id: string, accounts?: BrokerDeviceAccounts): Promise<string> {
  const password = generateSecret();
  await withTransaction(pool, async (c) => {
    const { device, restored } = await setDeviceSecret(c, id, hashDeviceSecret(password));
    if (restored) await appendEvents(c, [deviceRegistryEvent(device, 'restored')]);
    await accounts?.put([{ id: device.id, kind: device.kind, password }]);
  });
  return password;
}

/**
 * The device can no longer connect; revoking twice changes nothing and logs nothing. Broker
 * accounts are disabled by whoever watches the event log for revocations (cli/src/stack.ts), so a
 * revocation from any process, even while the broker is away, reaches the broker.
 */
export async function revokeDevice(pool: Pool, id: string): Promise<Device> {
  return withTransaction(pool, async (c) => {
    const { device, changed } = await markDeviceRevoked(c, id);
    if (changed) await appendEvents(c, [deviceRegistryEvent(device, 'revoked')]);
    return device;
  });
}

export async function authenticateDevice(pool: Pool, id: string, secret: string): Promise<{ kind: CreateDeviceRequest['kind'] } | null> {
  const identity = await findDeviceIdentity(pool, id);
  if (!identity || identity.revoked || !verifyDeviceSecret(secret, identity.secretHash)) return null;
  return { kind: identity.kind };
}

export async function createUser(pool: Pool, username: string, role: Role, password: string): Promise<void> {
  await insertUser(pool, { username, role, passwordHash: await hashPassword(password) });
}

export async function changeUserPassword(pool: Pool, username: string, password: string): Promise<void> {
  await setUserPassword(pool, username, await hashPassword(password));
}
