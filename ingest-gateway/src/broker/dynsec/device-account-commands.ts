import { devicePublishPrefix, publishesTelemetryTopicOnly, receiptTopic, telemetryTopic, type DeviceKind } from '@cityops/contracts';

/** One command of the plugin's topic API ($CONTROL/dynamic-security/v1). */
export interface DynsecCommand {
  command: string;
  [field: string]: unknown;
}

export interface DeviceAccount {
  id: string;
  kind: DeviceKind;
  password: string;
}

/**
 * Each device has a role of its own: Mosquitto 2.0's plugin does not expand %u or %c in ACL
 * topics, so "publish under your own id" is written out per device. That role can say more than
 * a pattern could: the device's kind, so a camera cannot publish a fire event.
 */
export function deviceRoleName(id: string): string {
  return `device:${id}`;
}

interface RoleAcl {
  acltype: string;
  topic: string;
  allow: boolean;
}

/**
 * What the device may publish on. Camera, reader, kiosk: one level under city/v1/{kind}/{id}/, so a
 * wrong channel still reaches the gateway, which dead-letters it as evidence (the embedded broker
 * passes the same topics). Fire panel: its event topic only, since the gateways' fire subscription
 * leaves out the receipt channel and any other (ingestFilter in contracts/src/topics.ts); the broker
 * answers anything else with "not authorised".
 */
export function devicePublishFilter(kind: DeviceKind, id: string): string {
  return publishesTelemetryTopicOnly(kind) ? telemetryTopic(kind, id) : ownChannelsFilter(kind, id);
}

/** What the device may do: publish (devicePublishFilter), and for fire panels read their own receipts. */
export function deviceRoleAcls(kind: DeviceKind, id: string): RoleAcl[] {
  const acls = [{ acltype: 'publishClientSend', topic: devicePublishFilter(kind, id), allow: true }];
  if (kind === 'fire') acls.push({ acltype: 'subscribeLiteral', topic: receiptTopic(id), allow: true });
  return acls;
}

/** Any channel one level under the device's own prefix: a camera's, reader's or kiosk's grant, and a fire panel's in earlier releases. */
export function ownChannelsFilter(kind: DeviceKind, id: string): string {
  return `${devicePublishPrefix(kind, id)}+`;
}

/**
 * For a role created by an earlier release, whose panel could publish on any channel of its own:
 * drops that grant and adds the current one. The broker answers "ACL not found" or "already exists"
 * to a step already taken, so running it twice changes nothing.
 */
export function upgradeDeviceRoleCommands(d: Pick<DeviceAccount, 'id' | 'kind'>): DynsecCommand[] {
  const current = devicePublishFilter(d.kind, d.id);
  const former = ownChannelsFilter(d.kind, d.id);
  if (current === former) return [];
  return [
    { command: 'removeRoleACL', rolename: deviceRoleName(d.id), acltype: 'publishClientSend', topic: former },
    { command: 'addRoleACL', rolename: deviceRoleName(d.id), acltype: 'publishClientSend', topic: current, allow: true },
  ];
}

/**
 * Creates the device's role and its client. The client is bound to the client id equal to the
 * device id: the plugin refuses a CONNECT whose client id differs (CONNACK "not authorised"), so
 * a device can never take over a gateway's or another device's session.
 */
export function createDeviceCommands(d: DeviceAccount): DynsecCommand[] {
  return [
    { command: 'createRole', rolename: deviceRoleName(d.id), acls: deviceRoleAcls(d.kind, d.id) },
    {
      command: 'createClient',
      username: d.id,
      clientid: d.id,
      password: d.password,
      textname: `${d.kind} ${d.id}`,
      roles: [{ rolename: deviceRoleName(d.id) }],
    },
  ];
}

/** For a device whose client exists already (a new secret, a lifted revocation): the new password, enabled. */
export function renewDeviceCommands(d: DeviceAccount): DynsecCommand[] {
  return [
    { command: 'setClientPassword', username: d.id, password: d.password },
    { command: 'enableClient', username: d.id },
  ];
}
