import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { BrokerAccountsError, type BrokerDeviceAccounts } from '@cityops/db';
import { createDeviceCommands, renewDeviceCommands, upgradeDeviceRoleCommands, type DeviceAccount, type DynsecCommand } from './device-account-commands.ts';

const CONTROL_TOPIC = '$CONTROL/dynamic-security/v1';
const RESPONSE_TOPIC = `${CONTROL_TOPIC}/response`;
/**
 * A control message must stay under the broker's max_packet_size (20 KiB in the shipped config: a
 * larger one gets the admin client disconnected, and no answer). A device's two commands take 400 to
 * 500 bytes with its ACLs and password hash, more with a long id, so messages are filled by measured
 * size, not by a count of devices; a disable takes about 70 bytes.
 */
const MAX_MESSAGE_BYTES = 16 * 1024;
/** The correlation id and JSON punctuation each command gains when sent. */
const PER_COMMAND_BYTES = 48;
const DISABLE_CHUNK = 100;

/** Devices in runs whose commands (`commandsOf` each) fit one control message each. */
function chunkBySize<D>(devices: readonly D[], commandsOf: (d: D) => DynsecCommand[], maxBytes = MAX_MESSAGE_BYTES): D[][] {
  const chunks: D[][] = [];
  let chunk: D[] = [];
  let size = 0;
  for (const d of devices) {
    const commands = commandsOf(d);
    const bytes = Buffer.byteLength(JSON.stringify(commands)) + commands.length * PER_COMMAND_BYTES;
    if (chunk.length > 0 && size + bytes > maxBytes) {
      chunks.push(chunk);
      chunk = [];
      size = 0;
    }
    chunk.push(d);
    size += bytes;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

interface DynsecResponse {
  command: string;
  error?: string;
  correlationData?: string;
}

/** Answers to a role upgrade's steps that mean "already done", so that running it again is harmless. */
const ALREADY_UPGRADED = new Set(['ACL not found', 'ACL with this topic already exists']);

export interface RoleUpgrade {
  /** Roles now granting what this release grants. */
  upgraded: number;
  /** Devices in the registry without an account on this broker (provisioned before it kept accounts). */
  withoutAccount: string[];
}

export interface MosquittoAccounts extends BrokerDeviceAccounts {
  /** Brings device roles created by an earlier release to this release's grants (upgradeDeviceRoleCommands). */
  upgradeRoles(devices: readonly Pick<DeviceAccount, 'id' | 'kind'>[]): Promise<RoleUpgrade>;
  close(): Promise<void>;
}

/**
 * Device accounts on Mosquitto through its dynamic security plugin's topic API, signed in as the
 * broker admin account (CITYOPS_MQTT_ADMIN_URL): created with the registry entry, renewed with a
 * new secret, disabled on revocation, upon which the broker closes the device's connection.
 */
export async function connectMosquittoAccounts(adminUrl: string, log: Logger, timeoutMs = 10_000): Promise<MosquittoAccounts> {
  const nonce = randomBytes(6).toString('hex');
  const client: MqttClient = mqtt.connect(adminUrl, {
    clientId: `cityops-admin-${nonce}`,
    protocolVersion: 5,
    clean: true,
    reconnectPeriod: 1000,
    connectTimeout: timeoutMs,
  });
  const pending = new Map<string, (r: DynsecResponse) => void>();
  client.on('message', (_topic, payload) => {
    let body: { responses?: DynsecResponse[] };
    try {
      body = JSON.parse(payload.toString('utf8')) as { responses?: DynsecResponse[] };
    } catch {
      return;
    }
    for (const r of body.responses ?? []) {
      const settle = r.correlationData ? pending.get(r.correlationData) : undefined;
      if (settle) {
        pending.delete(r.correlationData!);
        settle(r);
      }
    }
  });
  client.on('error', (err) => log.warn({ err: err.message }, 'broker admin connection error'));
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new BrokerAccountsError(`broker admin account could not connect within ${timeoutMs} ms`)), timeoutMs);
    client.once('connect', () => {
      clearTimeout(t);
      resolve();
    });
    client.once('error', (err) => {
      clearTimeout(t);
      reject(new BrokerAccountsError(`broker admin account refused: ${err.message}`));
    });
  });
  await client.subscribeAsync(RESPONSE_TOPIC, { qos: 1 });

  let sequence = 0;
  /** Sends commands in one message; resolves with one response per command, in order. */
  async function run(commands: readonly DynsecCommand[]): Promise<DynsecResponse[]> {
    const ids = commands.map(() => `${nonce}-${(sequence += 1)}`);
    const answers = ids.map(
      (id) =>
        new Promise<DynsecResponse>((resolve, reject) => {
          const t = setTimeout(() => {
            pending.delete(id);
            reject(new BrokerAccountsError(`the broker did not answer a dynamic-security command within ${timeoutMs} ms`));
          }, timeoutMs);
          pending.set(id, (r) => {
            clearTimeout(t);
            resolve(r);
          });
        }),
    );
    await client.publishAsync(CONTROL_TOPIC, JSON.stringify({ commands: commands.map((c, i) => ({ ...c, correlationData: ids[i] })) }), { qos: 1 });
    return Promise.all(answers);
  }

  function failure(r: DynsecResponse, who: string): Error {
    return new BrokerAccountsError(`the broker refused ${r.command} for ${who}: ${r.error}`);
  }

  async function putChunk(devices: readonly DeviceAccount[]): Promise<void> {
    const responses = await run(devices.flatMap(createDeviceCommands));
    const existing: DeviceAccount[] = [];
    const rolesKept: DeviceAccount[] = [];
    devices.forEach((d, i) => {
      const [role, created] = [responses[2 * i]!, responses[2 * i + 1]!];
      if (role.error === 'Role already exists') rolesKept.push(d);
      else if (role.error) throw failure(role, d.id);
      if (!created.error) return;
      if (created.error === 'Client already exists') existing.push(d);
      else throw failure(created, d.id);
    });
    // A role kept from an earlier release gets this release's grants.
    await upgradeChunk(rolesKept);
    if (existing.length === 0) return;
    const renewed = await run(existing.flatMap(renewDeviceCommands));
    for (const r of renewed) if (r.error) throw failure(r, 'an existing device');
  }

  /** Returns the ids of devices that have no role on this broker. */
  async function upgradeChunk(devices: readonly Pick<DeviceAccount, 'id' | 'kind'>[]): Promise<string[]> {
    const steps = devices.flatMap((d) => upgradeDeviceRoleCommands(d).map((command) => ({ id: d.id, command })));
    if (steps.length === 0) return [];
    const responses = await run(steps.map((s) => s.command));
    const missing = new Set<string>();
    responses.forEach((r, i) => {
      const { id } = steps[i]!;
      if (r.error === 'Role not found') missing.add(id);
      else if (r.error && !ALREADY_UPGRADED.has(r.error)) throw failure(r, id);
    });
    return [...missing];
  }

  return {
    async put(devices) {
      for (const chunk of chunkBySize(devices, createDeviceCommands)) await putChunk(chunk);
    },
    async upgradeRoles(devices) {
      const owed = devices.filter((d) => upgradeDeviceRoleCommands(d).length > 0);
      const withoutAccount: string[] = [];
      for (const chunk of chunkBySize(owed, upgradeDeviceRoleCommands)) withoutAccount.push(...(await upgradeChunk(chunk)));
      return { upgraded: owed.length - withoutAccount.length, withoutAccount };
    },
    async disable(ids) {
      for (let i = 0; i < ids.length; i += DISABLE_CHUNK) {
        const chunk = ids.slice(i, i + DISABLE_CHUNK);
        const responses = await run(chunk.map((username) => ({ command: 'disableClient', username })));
        // A device never created on this broker has nothing to disable.
        responses.forEach((r, j) => {
          if (r.error && r.error !== 'Client not found') throw failure(r, chunk[j]!);
        });
      }
    },
    async close() {
      for (const settle of pending.values()) settle({ command: 'closed', error: 'connection closed' });
      pending.clear();
      await client.endAsync();
    },
  };
}
