import { Compile } from 'typebox/compile';
import { CityopsError, CreateBuildingRequest, summarizeErrors, isDeviceId, isDeviceKind, ROLES, type DeviceKind, type Role } from '@cityops/contracts';
import {
  appendAudit,
  changeUserPassword,
  createUser,
  FireStationsFileError,
  insertBuilding,
  linkDeviceToBuilding,
  listBuildings,
  listDevices,
  listUsers,
  loadFireStationsFile,
  provisionDevice,
  revokeDevice,
  type BrokerDeviceAccounts,
  type Pool,
} from '@cityops/db';

/** A registry command as the CLI parsed it; the same object travels over the control socket. */
export type RegistryCommand =
  | { op: 'device.add'; kind: string; id: string; lat: number; lon: number; name?: string; address?: string; area?: string; buildingId?: string }
  | { op: 'device.list'; kind?: string }
  | { op: 'device.revoke'; id: string }
  | { op: 'user.add'; username: string; role: string; password: string }
  | { op: 'user.passwd'; username: string; password: string }
  | { op: 'user.list' }
  | { op: 'building.add'; building: Record<string, unknown> }
  | { op: 'building.list'; area?: string; q?: string }
  | { op: 'building.link'; deviceId: string; buildingId: string | null }
  | { op: 'stations.load'; file: string }
  | ApiKeyCommand;

const validBuilding = Compile(CreateBuildingRequest);

import { apiKeyCommandProblem, runApiKeyCommand, type ApiKeyCommand } from './apikey-commands.ts';

export class UsageError extends Error {}

function need(cond: boolean, message: string): void {
  if (!cond) throw new UsageError(message);
}

/** Checks a command before anything connects, so a typo answers at once. */
export function validateRegistryCommand(cmd: RegistryCommand): void {
  switch (cmd.op) {
    case 'device.add':
      need(isDeviceKind(cmd.kind), `--kind must be camera, fire, transit or queue`);
      need(isDeviceId(cmd.id), `--id must be 1-64 characters of A-Z a-z 0-9 _ -`);
      need(Number.isFinite(cmd.lat) && Math.abs(cmd.lat) <= 90, `--lat must be a latitude`);
      need(Number.isFinite(cmd.lon) && Math.abs(cmd.lon) <= 180, `--lon must be a longitude`);
      return;
    case 'device.list':
      return need(cmd.kind === undefined || isDeviceKind(cmd.kind), `--kind must be camera, fire, transit or queue`);
    case 'device.revoke':
      return need(isDeviceId(cmd.id), `--id must be 1-64 characters of A-Z a-z 0-9 _ -`);
    case 'user.add':
      need((ROLES as readonly string[]).includes(cmd.role), `--role must be one of ${ROLES.join(', ')}`);
      need(/^[A-Za-z0-9_.-]{1,64}$/.test(cmd.username), '--username must be 1-64 of A-Z a-z 0-9 _ . -');
      return need(cmd.password.length >= 10, 'password must be at least 10 characters');
    case 'user.passwd':
      return need(cmd.password.length >= 10, 'password must be at least 10 characters');
    case 'user.list':
    case 'building.list':
      return;
    case 'building.add':
      return need(validBuilding.Check(cmd.building), `building: ${summarizeErrors(validBuilding.Errors(cmd.building) as never)}`);
    case 'building.link':
      return need(isDeviceId(cmd.deviceId), '--device must be 1-64 characters of A-Z a-z 0-9 _ -');
    case 'stations.load':
      return need(cmd.file.length > 0, 'give the GeoJSON file: cityops stations load FILE');
    case 'apikey.add':
    case 'apikey.list':
    case 'apikey.revoke': {
      const problem = apiKeyCommandProblem(cmd);
      return need(problem === null, problem ?? '');
    }
  }
}

/** What each changing command is called on the audit log, and what it changes. Lists are not recorded. */
const AUDITED: Partial<Record<RegistryCommand['op'], (cmd: never) => string | null>> = {
  'device.add': (c: { id: string }) => c.id,
  'device.revoke': (c: { id: string }) => c.id,
  'user.add': (c: { username: string }) => c.username,
  'user.passwd': (c: { username: string }) => c.username,
  'building.add': () => null,
  'building.link': (c: { deviceId: string }) => c.deviceId,
  'stations.load': (c: { file: string }) => c.file,
  'apikey.add': () => null,
  'apikey.revoke': (c: { id: number }) => String(c.id),
};

/**
 * Runs one registry command against a pool; the result is what the CLI prints as JSON. A change is
 * recorded on the audit log as done by `cli` (whoever can run the CLI on the host is an admin).
 */
export async function runRegistryCommand(pool: Pool, cmd: RegistryCommand, accounts?: BrokerDeviceAccounts): Promise<unknown> {
  const result = await runUnaudited(pool, cmd, accounts);
  const target = AUDITED[cmd.op];
  if (target) await appendAudit(pool, { actor: 'cli', action: cmd.op, target: target(cmd as never), outcome: 'succeeded', after: result ?? null });
  return result;
}

async function runUnaudited(pool: Pool, cmd: RegistryCommand, accounts?: BrokerDeviceAccounts): Promise<unknown> {
  validateRegistryCommand(cmd);
  switch (cmd.op) {
    case 'device.add': {
      const { op: _op, ...req } = cmd;
      return provisionDevice(pool, req as Parameters<typeof provisionDevice>[1], accounts);
    }
    case 'device.list':
      return listDevices(pool, { kind: cmd.kind as DeviceKind | undefined, includeRevoked: true });
    case 'device.revoke':
      return revokeDevice(pool, cmd.id);
    case 'user.add':
      await createUser(pool, cmd.username, cmd.role as Role, cmd.password);
      return { username: cmd.username, role: cmd.role };
    case 'user.passwd':
      await changeUserPassword(pool, cmd.username, cmd.password);
      return { username: cmd.username, passwordChanged: true };
    case 'user.list':
      return listUsers(pool);
    case 'building.add':
      return insertBuilding(pool, cmd.building as CreateBuildingRequest);
    case 'building.list':
      return listBuildings(pool, { area: cmd.area, q: cmd.q, limit: 1000, offset: 0 });
    case 'building.link':
      await linkDeviceToBuilding(pool, cmd.deviceId, cmd.buildingId);
      return { deviceId: cmd.deviceId, buildingId: cmd.buildingId };
    case 'stations.load':
      return loadFireStationsFile(pool, cmd.file);
    case 'apikey.add':
    case 'apikey.list':
    case 'apikey.revoke':
      return runApiKeyCommand(pool, cmd);
  }
}

/** Errors a user can act on print as one line; anything else is a bug worth a stack trace. */
export function describeCommandError(err: unknown): string | undefined {
  if (err instanceof UsageError) return err.message;
  if (err instanceof CityopsError) return `${err.code}: ${err.message}`;
  if (err instanceof FireStationsFileError) return err.message;
  return undefined;
}
