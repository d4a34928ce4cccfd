import type { Pool } from 'pg';
import type { CreateDeviceRequest, DeviceCredentials, Role } from '@cityops/contracts';
import { generateSecret, hashDeviceSecret, hashPassword, verifyDeviceSecret } from './secrets.ts';
import { findDeviceIdentity, insertDevice, setDeviceSecret } from './repositories/devices-repository.ts';
import { insertUser, setUserPassword } from './repositories/users-repository.ts';

/**
 * Registry operations shared by the CLI, the REST API and the simulated fleet: one place that
 * issues secrets, so every path stores only hashes and shows the secret exactly once.
 */
export async function provisionDevice(pool: Pool, req: CreateDeviceRequest): Promise<DeviceCredentials> {
  const password = generateSecret();
  const device = await insertDevice(pool, req, hashDeviceSecret(password));
  return { id: device.id, kind: device.kind, username: device.id, password };
}

/** Issues a new secret for an existing device (and lifts a revocation). */
export async function rotateDeviceSecret(pool: Pool, id: string): Promise<string> {
  const password = generateSecret();
  await setDeviceSecret(pool, id, hashDeviceSecret(password));
  return password;
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
