import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { telemetryTopic } from '@cityops/contracts';
import { deviceRoleName, ownChannelsFilter } from '../broker/dynsec/device-account-commands.ts';

const CONTROL_TOPIC = '$CONTROL/dynamic-security/v1';

/**
 * Gives a fire panel's role on Mosquitto the grant an earlier release gave it (any channel under its
 * own prefix), through the broker admin account at `adminUrl`, for tests of the role upgrade.
 * Rejects with the broker's answer when a command fails.
 */
export async function grantAsEarlierRelease(adminUrl: string, panelId: string): Promise<void> {
  const rolename = deviceRoleName(panelId);
  const commands = [
    { command: 'removeRoleACL', rolename, acltype: 'publishClientSend', topic: telemetryTopic('fire', panelId) },
    { command: 'addRoleACL', rolename, acltype: 'publishClientSend', topic: ownChannelsFilter('fire', panelId), allow: true },
  ];
  const client = await mqtt.connectAsync(adminUrl, {
    clientId: `cityops-admin-test-${randomBytes(3).toString('hex')}`,
    protocolVersion: 5,
    reconnectPeriod: 0,
  });
  try {
    await client.subscribeAsync(`${CONTROL_TOPIC}/response`, { qos: 1 });
    const answered = new Promise<Array<{ command: string; error?: string }>>((resolve) =>
      client.on('message', (_t, payload) => resolve((JSON.parse(payload.toString()) as { responses: Array<{ command: string; error?: string }> }).responses)),
    );
    await client.publishAsync(CONTROL_TOPIC, JSON.stringify({ commands }), { qos: 1 });
    const failed = (await answered).filter((r) => r.error);
    if (failed.length > 0) throw new Error(`the broker refused ${failed.map((r) => `${r.command}: ${r.error}`).join(', ')}`);
  } finally {
    await client.endAsync();
  }
}
