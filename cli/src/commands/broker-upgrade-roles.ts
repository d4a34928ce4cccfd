import type { Logger } from 'pino';
import { ConfigError, envString } from '@cityops/contracts';
import { listDevices, type Pool } from '@cityops/db';
import { brokerAdminUrl, connectMosquittoAccounts, type RoleUpgrade } from '@cityops/ingest-gateway';

/**
 * `cityops broker upgrade-roles`: gives the device roles an earlier release created on Mosquitto
 * this release's grants (a fire panel publishes on its event topic only). Run once after upgrading,
 * against the registry in DATABASE_URL and the broker of MQTT_URL with CITYOPS_MQTT_ADMIN_PASSWORD.
 * Not done at every start: Mosquitto's dynamic-security plugin rewrites its whole account file after
 * every command, two per fire panel here. Running it again changes nothing.
 */
export async function upgradeBrokerRoles(env: Readonly<Record<string, string | undefined>>, pool: Pool, log: Logger): Promise<RoleUpgrade> {
  const adminUrl = brokerAdminUrl(env, envString(env, 'MQTT_URL'));
  if (!adminUrl) throw new ConfigError('CITYOPS_MQTT_ADMIN_PASSWORD', 'is required: roles are changed through the broker admin account');
  const accounts = await connectMosquittoAccounts(adminUrl, log);
  try {
    // Revoked devices too: a new secret would enable the account again with its old grants.
    return await accounts.upgradeRoles(await listDevices(pool, { includeRevoked: true }));
  } finally {
    await accounts.close();
  }
}
