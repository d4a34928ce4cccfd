import { writeFileSync } from 'node:fs';
import { ConfigError, envString } from '@cityops/contracts';
import { buildDynsecSeed } from '@cityops/ingest-gateway';

/**
 * `cityops broker seed`: the first dynamic-security.json of the shipped Mosquitto configuration
 * (deploy/mosquitto/), with the admin account cityops manages device accounts with and every
 * service account, from CITYOPS_MQTT_ADMIN_PASSWORD and CITYOPS_MQTT_SERVICE_PASSWORD. Secrets come
 * from the environment, never the command line; only salted hashes are written.
 */
export function writeBrokerSeed(env: Readonly<Record<string, string | undefined>>, opts: { out: string | undefined; gateways: string | undefined }): string {
  const adminPassword = envString(env, 'CITYOPS_MQTT_ADMIN_PASSWORD');
  const servicePassword = envString(env, 'CITYOPS_MQTT_SERVICE_PASSWORD');
  if (!adminPassword) throw new ConfigError('CITYOPS_MQTT_ADMIN_PASSWORD', 'is required: cityops signs in with it to manage device accounts');
  if (!servicePassword) throw new ConfigError('CITYOPS_MQTT_SERVICE_PASSWORD', 'is required: the gateways and the console sign in with it');
  const gateways = opts.gateways === undefined ? 2 : Number(opts.gateways);
  if (!Number.isInteger(gateways) || gateways < 1 || gateways > 64) throw new ConfigError('--gateways', 'must be a whole number from 1 to 64');
  const text = `${JSON.stringify(buildDynsecSeed({ adminPassword, servicePassword, gateways }), null, 2)}\n`;
  if (opts.out) writeFileSync(opts.out, text, { mode: 0o600 });
  return text;
}
