import type { ScenarioName } from '../scenarios/index.ts';
import { isScenarioName, SCENARIO_NAMES } from '../scenarios/index.ts';
import { MAX_RATE } from '../runner/validate-options.ts';

/** The simulator CLI's whole configuration, validated before anything connects. */
export interface CliConfig {
  scenario: ScenarioName;
  /** Run the first N devices of the credentials file; undefined = all. */
  devices: number | undefined;
  rate: number;
  durationSec: number | undefined;
  mqttUrl: string;
  credentials: string;
  seed: number | undefined;
}

export type ParsedArgs = { ok: true; config: CliConfig } | { ok: false; help: true } | { ok: false; help?: false; error: string };

export const USAGE = `usage: npx tsx simulators/src/main.ts --credentials fleet.json [options]
  --credentials FILE   JSON array of provisioned devices ({id, kind, lat, lon, area, name, username, password, ...})
  --scenario NAME      ${SCENARIO_NAMES.join(' | ')} (default normal-day)
  --devices N          run only the first N devices of the file (default all)
  --rate X             multiplier on message rates, 0 < X <= ${MAX_RATE} (default 1)
  --duration S         stop after S seconds (default: until SIGINT/SIGTERM)
  --mqtt-url URL       broker (default $MQTT_URL or mqtt://127.0.0.1:1883)
  --seed N             seed for reproducible behaviour (default random)`;

const FLAGS = new Set(['scenario', 'devices', 'rate', 'duration', 'mqtt-url', 'credentials', 'seed']);

function positive(name: string, raw: string, integer: boolean): number | string {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    return `--${name} must be a positive ${integer ? 'integer' : 'number'}, got "${raw}"`;
  }
  return n;
}

/** Pure: argv (without node and script) and env in, a config or one line naming the problem out. */
export function parseArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ParsedArgs {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') return { ok: false, help: true };
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m || !FLAGS.has(m[1] as string)) return { ok: false, error: `unknown argument "${arg}" (try --help)` };
    const value = m[2] ?? argv[++i];
    if (value === undefined || (m[2] === undefined && value.startsWith('--'))) return { ok: false, error: `--${m[1]} needs a value` };
    values.set(m[1] as string, value);
  }
  const scenario = values.get('scenario') ?? 'normal-day';
  if (!isScenarioName(scenario)) return { ok: false, error: `--scenario must be one of ${SCENARIO_NAMES.join(', ')}, got "${scenario}"` };
  const credentials = values.get('credentials');
  if (!credentials) return { ok: false, error: '--credentials FILE is required (a JSON array of provisioned devices)' };
  const numbers: Record<string, number | undefined> = {};
  for (const [name, integer] of [
    ['devices', true],
    ['rate', false],
    ['duration', false],
  ] as const) {
    const raw = values.get(name);
    if (raw === undefined) continue;
    const n = positive(name, raw, integer);
    if (typeof n === 'string') return { ok: false, error: n };
    numbers[name] = n;
  }
  if ((numbers.rate ?? 1) > MAX_RATE) return { ok: false, error: `--rate must be at most ${MAX_RATE}, got ${numbers.rate}` };
  const rawSeed = values.get('seed');
  const seed = rawSeed === undefined ? undefined : Number(rawSeed);
  if (seed !== undefined && (!Number.isSafeInteger(seed) || seed < 0)) return { ok: false, error: `--seed must be a non-negative integer, got "${rawSeed}"` };
  const mqttUrl = values.get('mqtt-url') ?? env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
  if (!/^(mqtts?|wss?|tcp|tls):\/\/[^\s]+$/.test(mqttUrl)) return { ok: false, error: `--mqtt-url must look like mqtt://host:port, got "${mqttUrl}"` };
  return {
    ok: true,
    config: { scenario, devices: numbers.devices, rate: numbers.rate ?? 1, durationSec: numbers.duration, mqttUrl, credentials, seed },
  };
}
