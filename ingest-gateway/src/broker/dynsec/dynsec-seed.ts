import { TOPIC_ROOT } from '@cityops/contracts';
import { hashDynsecPassword } from './dynsec-password.ts';

/** The account cityops signs in as to create, renew and disable device accounts at run time. */
export const BROKER_ADMIN_USER = 'cityops-admin';
/** The role of every service connection: all device topics, shared subscriptions, receipts. */
export const SERVICE_ROLE = 'cityops-service';
const ADMIN_ROLE = 'cityops-admin';

export interface DynsecSeedOptions {
  adminPassword: string;
  servicePassword: string;
  /** Stand-alone gateway replicas: cityops-ingest-1 … -N, each with its fire lane (default 2). */
  gateways?: number;
}

/**
 * Service users. Each gateway connection has its own, bound to its client id, so no other
 * connection can hold its session: a gateway's telemetry lane `cityops-ingest-N` and fire lane
 * `cityops-ingest-N-fire`, the console's in-process gateway `cityops-ingest-console` (+ `-fire`).
 * `cityops-service` (+ `-fire`) is not bound: operators' tools and the healthcheck use it under
 * any client id (a device still cannot claim one: devices are bound to their own).
 */
export function serviceUsers(gateways = 2): Array<{ username: string; bound: boolean }> {
  const users = [
    { username: 'cityops-service', bound: false },
    { username: 'cityops-service-fire', bound: false },
  ];
  for (const name of ['cityops-ingest-console', ...Array.from({ length: gateways }, (_, i) => `cityops-ingest-${i + 1}`)]) {
    users.push({ username: name, bound: true }, { username: `${name}-fire`, bound: true });
  }
  return users;
}

function allow(acltype: string, topic: string) {
  return { acltype, topic, allow: true, priority: 0 };
}

/**
 * The initial dynamic-security.json for the shipped Mosquitto configuration: the admin account,
 * the service accounts and their role, and the defaults (nobody publishes or subscribes unless a
 * role says so). Devices are added at run time by cityops itself (mosquitto-accounts.ts), each
 * with its own role. The broker rewrites this file on every change, so it lives in its data volume.
 */
export function buildDynsecSeed(o: DynsecSeedOptions): Record<string, unknown> {
  if (!o.adminPassword || !o.servicePassword) throw new Error('the admin and service passwords must not be empty');
  const gateways = o.gateways ?? 2;
  const service = hashDynsecPassword(o.servicePassword);
  return {
    defaultACLAccess: { publishClientSend: false, publishClientReceive: true, subscribe: false, unsubscribe: true },
    clients: [
      {
        username: BROKER_ADMIN_USER,
        textName: 'cityops: creates and disables device accounts',
        roles: [{ rolename: ADMIN_ROLE }],
        ...hashDynsecPassword(o.adminPassword),
      },
      ...serviceUsers(gateways).map((u) => ({
        username: u.username,
        ...(u.bound ? { clientid: u.username } : {}),
        textName: 'cityops service',
        roles: [{ rolename: SERVICE_ROLE }],
        ...service,
      })),
    ],
    groups: [],
    roles: [
      {
        rolename: ADMIN_ROLE,
        // The plugin's control topics only: the admin account reads no device traffic.
        acls: [
          allow('publishClientSend', '$CONTROL/dynamic-security/#'),
          allow('publishClientReceive', '$CONTROL/dynamic-security/#'),
          allow('subscribePattern', '$CONTROL/dynamic-security/#'),
        ],
      },
      {
        rolename: SERVICE_ROLE,
        acls: [
          allow('publishClientSend', `${TOPIC_ROOT}/#`),
          allow('publishClientReceive', `${TOPIC_ROOT}/#`),
          allow('subscribePattern', `${TOPIC_ROOT}/#`),
          // Mosquitto 2.0 checks a shared subscription's filter with its $share/{group}/ prefix.
          allow('subscribePattern', `$share/+/${TOPIC_ROOT}/#`),
        ],
      },
    ],
  };
}
