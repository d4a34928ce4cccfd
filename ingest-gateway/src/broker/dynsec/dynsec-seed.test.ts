import { pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildDynsecSeed, serviceUsers } from './dynsec-seed.ts';
import { createDeviceCommands, deviceRoleAcls, upgradeDeviceRoleCommands } from './device-account-commands.ts';

interface SeedClient {
  username: string;
  clientid?: string;
  password: string;
  salt: string;
  iterations: number;
  roles: { rolename: string }[];
}

const seed = buildDynsecSeed({ adminPassword: 'admin-pw', servicePassword: 'service-pw', gateways: 3 }) as {
  clients: SeedClient[];
  roles: { rolename: string; acls: { acltype: string; topic: string; allow: boolean }[] }[];
  defaultACLAccess: Record<string, boolean>;
};
const client = (name: string) => seed.clients.find((c) => c.username === name)!;

describe('the Mosquitto dynamic security seed', () => {
  it('stores salted PBKDF2-SHA512 hashes the plugin verifies, never the passwords', () => {
    const text = JSON.stringify(seed);
    expect(text).not.toContain('admin-pw');
    expect(text).not.toContain('service-pw');
    const admin = client('cityops-admin');
    expect(pbkdf2Sync('admin-pw', Buffer.from(admin.salt, 'base64'), admin.iterations, 64, 'sha512').toString('base64')).toBe(admin.password);
    const gw = client('cityops-ingest-3-fire');
    expect(pbkdf2Sync('service-pw', Buffer.from(gw.salt, 'base64'), gw.iterations, 64, 'sha512').toString('base64')).toBe(gw.password);
  });

  it("binds every gateway connection's user to its own client id; tools' users are not bound", () => {
    const users = serviceUsers(3).map((u) => u.username);
    expect(users).toEqual([
      'cityops-service',
      'cityops-service-fire',
      'cityops-ingest-console',
      'cityops-ingest-console-fire',
      'cityops-ingest-1',
      'cityops-ingest-1-fire',
      'cityops-ingest-2',
      'cityops-ingest-2-fire',
      'cityops-ingest-3',
      'cityops-ingest-3-fire',
    ]);
    for (const u of users.filter((x) => x.startsWith('cityops-ingest-'))) expect(client(u).clientid).toBe(u);
    expect(client('cityops-service').clientid).toBeUndefined();
  });

  it('lets nobody publish or subscribe by default, and the admin role touch only the control topics', () => {
    expect(seed.defaultACLAccess).toMatchObject({ publishClientSend: false, subscribe: false });
    const admin = seed.roles.find((r) => r.rolename === 'cityops-admin')!;
    expect(admin.acls.every((a) => a.topic === '$CONTROL/dynamic-security/#')).toBe(true);
  });

  it('refuses empty passwords', () => {
    expect(() => buildDynsecSeed({ adminPassword: '', servicePassword: 'x' })).toThrow(/must not be empty/);
  });
});

describe("a device's account", () => {
  it('is bound to its id as client id, with a role of its own', () => {
    const [role, created] = createDeviceCommands({ id: 'FA-9', kind: 'fire', password: 'p' });
    expect(role).toMatchObject({ command: 'createRole', rolename: 'device:FA-9' });
    expect(created).toMatchObject({ command: 'createClient', username: 'FA-9', clientid: 'FA-9', roles: [{ rolename: 'device:FA-9' }] });
  });

  it('publishes one level under its own kind and id, a fire panel on its event topic only; only fire panels read receipts, their own', () => {
    expect(deviceRoleAcls('camera', 'CAM-1')).toEqual([{ acltype: 'publishClientSend', topic: 'city/v1/camera/CAM-1/+', allow: true }]);
    expect(deviceRoleAcls('fire', 'FA-1')).toEqual([
      { acltype: 'publishClientSend', topic: 'city/v1/fire/FA-1/event', allow: true },
      { acltype: 'subscribeLiteral', topic: 'city/v1/fire/FA-1/receipt', allow: true },
    ]);
  });

  it("of a fire panel from an earlier release is upgraded by swapping its publish grant; other kinds' roles are current", () => {
    expect(upgradeDeviceRoleCommands({ id: 'FA-1', kind: 'fire' })).toEqual([
      { command: 'removeRoleACL', rolename: 'device:FA-1', acltype: 'publishClientSend', topic: 'city/v1/fire/FA-1/+' },
      { command: 'addRoleACL', rolename: 'device:FA-1', acltype: 'publishClientSend', topic: 'city/v1/fire/FA-1/event', allow: true },
    ]);
    for (const kind of ['camera', 'transit', 'queue'] as const) expect(upgradeDeviceRoleCommands({ id: 'X-1', kind })).toEqual([]);
  });
});
