import { readFileSync } from 'node:fs';
import pino from 'pino';
import { ConfigError, envString } from '@cityops/contracts';
import { resolve } from 'node:path';
import { parseFlags } from './args.ts';
import { USAGE } from './usage.ts';
import { readStackConfig } from './stack-config.ts';
import { startStack, DEMO_USERNAMES } from './stack.ts';
import { serveControlSocket, sendControlCommand } from './control-socket.ts';
import { openDatabase } from './database.ts';
import { writeBrokerSeed } from './commands/broker-seed.ts';
import { upgradeBrokerRoles } from './commands/broker-upgrade-roles.ts';
import { BrokerAccountsError } from '@cityops/db';
import { brokerAdminUrl, connectMosquittoAccounts, type MosquittoAccounts } from '@cityops/ingest-gateway';
import { describeCommandError, runRegistryCommand, UsageError, validateRegistryCommand, type RegistryCommand } from './commands/registry-commands.ts';

function fail(message: string, code = 2): never {
  process.stderr.write(`cityops: ${message}\n`);
  process.exit(code);
}

function readPassword(flags: Map<string, string>): string {
  const given = flags.get('password') ?? process.env.CITYOPS_PASSWORD;
  if (given) return given;
  if (process.stdin.isTTY) fail('give the password with --password, CITYOPS_PASSWORD or on standard input');
  return readFileSync(0, 'utf8').trim();
}

function toCommand(positional: string[], flags: Map<string, string>): RegistryCommand {
  const [noun, verb] = positional;
  const req = (name: string) => flags.get(name) ?? fail(`--${name} is required for ${noun} ${verb}`);
  const opt = (name: string) => flags.get(name);
  switch (`${noun} ${verb}`) {
    case 'device add':
      return {
        op: 'device.add',
        kind: req('kind'),
        id: req('id'),
        lat: Number(req('lat')),
        lon: Number(req('lon')),
        ...(opt('name') ? { name: opt('name')! } : {}),
        ...(opt('address') ? { address: opt('address')! } : {}),
        ...(opt('area') ? { area: opt('area')! } : {}),
        ...(opt('building') ? { buildingId: opt('building')! } : {}),
      };
    case 'building add':
      return { op: 'building.add', building: buildingFromFlags(flags, req) };
    case 'building list':
      return { op: 'building.list', ...(opt('area') ? { area: opt('area')! } : {}), ...(opt('q') ? { q: opt('q')! } : {}) };
    case 'building link':
      return { op: 'building.link', deviceId: req('device'), buildingId: flags.has('none') ? null : req('building') };
    case 'stations load':
      // Absolute: the running stack (control socket) may have another working directory.
      return { op: 'stations.load', file: resolve(positional[2] ?? opt('file') ?? fail('give the GeoJSON file: cityops stations load FILE')) };
    case 'device list':
      return { op: 'device.list', ...(opt('kind') ? { kind: opt('kind')! } : {}) };
    case 'device revoke':
      return { op: 'device.revoke', id: opt('id') ?? positional[2] ?? fail('--id is required for device revoke') };
    case 'user add':
      return { op: 'user.add', username: req('username'), role: req('role'), password: readPassword(flags) };
    case 'user passwd':
      return { op: 'user.passwd', username: req('username'), password: readPassword(flags) };
    case 'user list':
      return { op: 'user.list' };
    case 'apikey add': {
      const list = (v: string | undefined) =>
        (v ?? '')
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean);
      return { op: 'apikey.add', name: req('name'), scopes: list(req('scopes')), lines: list(opt('lines')), areas: list(opt('areas')) };
    }
    case 'apikey list':
      return { op: 'apikey.list' };
    case 'apikey revoke':
      return { op: 'apikey.revoke', id: Number(opt('id') ?? positional[2] ?? fail('--id is required for apikey revoke')) };
    default:
      return fail(`unknown command "${positional.join(' ')}"\n\n${USAGE}`);
  }
}

/** `building add` flags → the REST body's fields (numbers as numbers; absent flags left out). */
function buildingFromFlags(flags: Map<string, string>, req: (name: string) => string): Record<string, unknown> {
  const b: Record<string, unknown> = { id: req('id'), address: req('address'), lat: Number(req('lat')), lon: Number(req('lon')) };
  const text = {
    'house-id': 'houseId',
    name: 'name',
    area: 'area',
    usage: 'usage',
    'contact-name': 'contactName',
    'contact-phone': 'contactPhone',
    notes: 'notes',
  };
  const ints = { floors: 'floors', 'basement-floors': 'basementFloors', occupants: 'occupants' };
  for (const [flag, field] of Object.entries(text)) if (flags.has(flag)) b[field] = flags.get(flag);
  for (const [flag, field] of Object.entries(ints)) if (flags.has(flag)) b[field] = Number(flags.get(flag));
  return b;
}

async function runRegistry(cmd: RegistryCommand): Promise<void> {
  try {
    validateRegistryCommand(cmd);
  } catch (err) {
    fail(describeCommandError(err) ?? String(err));
  }
  const dataDir = resolve(envString(process.env, 'CITYOPS_DATA_DIR', './data')!);
  const databaseUrl = envString(process.env, 'DATABASE_URL');
  if (!databaseUrl) {
    const reply = await sendControlCommand(dataDir, cmd);
    if (reply) {
      if (!reply.ok) fail(reply.error ?? 'failed', reply.usage ? 2 : 1);
      process.stdout.write(`${JSON.stringify(reply.result)}\n`);
      return;
    }
  }
  const log = pino({ level: 'warn' }, pino.destination(2));
  const db = await openDatabase({ databaseUrl, dataDir, log, poolMax: 1 }).catch((err: Error) => fail(err.message, 1));
  // A device added next to an external Mosquitto gets its broker account in the same step.
  let accounts: MosquittoAccounts | undefined;
  try {
    const adminUrl = cmd.op === 'device.add' ? brokerAdminUrl(process.env, envString(process.env, 'MQTT_URL')) : undefined;
    if (adminUrl) accounts = await connectMosquittoAccounts(adminUrl, log);
    process.stdout.write(`${JSON.stringify(await runRegistryCommand(db.pool, cmd, accounts))}\n`);
  } catch (err) {
    const message = describeCommandError(err) ?? (err instanceof ConfigError || err instanceof BrokerAccountsError ? err.message : undefined);
    if (message) {
      await accounts?.close();
      await db.close();
      fail(message, err instanceof UsageError ? 2 : 1);
    }
    throw err;
  }
  await accounts?.close();
  await db.close();
}

async function upgradeRoles(): Promise<void> {
  const databaseUrl = envString(process.env, 'DATABASE_URL');
  if (!databaseUrl) fail('DATABASE_URL is required: roles are upgraded for the devices of an external registry, beside an external Mosquitto');
  const log = pino({ level: 'warn' }, pino.destination(2));
  const db = await openDatabase({ databaseUrl, dataDir: resolve('./data'), log, poolMax: 1 }).catch((err: Error) => fail(err.message, 1));
  try {
    process.stdout.write(`${JSON.stringify(await upgradeBrokerRoles(process.env, db.pool, log))}\n`);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof BrokerAccountsError) fail(err.message, 1);
    throw err;
  } finally {
    await db.close();
  }
}

async function start(): Promise<void> {
  let config;
  try {
    config = readStackConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const log = pino({ level: config.logLevel, redact: ['password', '*.password', 'config.demoPassword'] });
  const stack = await startStack(config, log).catch((err: Error) => fail(err.message, 1));
  const closeControl = await serveControlSocket(config.dataDir, stack.db.pool, log, stack.deviceAccounts);
  const lines = [
    '',
    `  cityops console: ${stack.consoleUrl}`,
    `  MQTT broker:     ${stack.mqttUrl.replace(/\/\/[^@]*@/, '//')}`,
    ...(stack.demoPassword ? [`  demo accounts:   ${DEMO_USERNAMES.join(', ')}  password: ${stack.demoPassword}`] : []),
    `  simulated fleet: ${stack.simulation ? `${stack.simulation.stats().devices} devices (${config.scenario})` : 'off'}`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping cityops');
    // Never hang on the way out: whatever has not closed in 30 s is abandoned (the broker redelivers
    // unacknowledged messages; the database is crash-safe).
    const deadline = setTimeout(() => {
      log.error('shutdown took longer than 30 s; exiting anyway');
      process.exit(1);
    }, 30_000);
    deadline.unref();
    await closeControl();
    await stack.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

const { positional, flags } = parseFlags(process.argv.slice(2));
if (positional.length === 0 || flags.has('help') || positional[0] === 'help') {
  process.stdout.write(`${USAGE}\n`);
} else if (positional[0] === 'start') {
  await start();
} else if (positional[0] === 'broker' && positional[1] === 'seed') {
  try {
    const text = writeBrokerSeed(process.env, { out: flags.get('out'), gateways: flags.get('gateways') });
    if (!flags.has('out')) process.stdout.write(text);
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
} else if (positional[0] === 'broker' && positional[1] === 'upgrade-roles') {
  await upgradeRoles();
} else {
  await runRegistry(toCommand(positional, flags));
}
