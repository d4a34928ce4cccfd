import { randomInt } from 'node:crypto';
import type { Logger } from 'pino';
import type { ProvisionedDevice } from '../fleet/device-spec.ts';
import type { Scenario, ScenarioName } from '../scenarios/index.ts';
import { scenarios } from '../scenarios/index.ts';
import { createRng, hash32 } from '../core/rng.ts';
import type { SimulationStats } from './stats.ts';
import { StatsCollector } from './stats.ts';
import type { ResendPolicy } from './pending-receipts.ts';
import { DEFAULT_RESEND } from './pending-receipts.ts';
import { DeviceSession } from './device-session.ts';
import { validateRunOptions } from './validate-options.ts';

export interface RunSimulationOptions {
  mqttUrl: string;
  devices: readonly ProvisionedDevice[];
  scenario: Scenario | ScenarioName;
  /** Multiplier on message rates (2 = twice as many messages). Default 1. */
  rate?: number;
  /** Stop by itself after this long; default: run until stop(). */
  durationSec?: number;
  log: Logger;
  /** Called about once a second. */
  onProgress?: (stats: SimulationStats) => void;
  /** Default: random per run, so transit tokens never repeat a previous run's. */
  seed?: number;
  /** Connections opened at a time (default 200), so the broker is not stampeded. */
  connectBatchSize?: number;
  /** Fire-event resends while waiting for a receipt (default every 5 s, 20 times). */
  resend?: Partial<ResendPolicy>;
  /** Source of `ts`; default Date.now. */
  clock?: () => number;
}

export interface SimulationHandle {
  stop(): Promise<void>;
  stats(): SimulationStats;
  /** Settles with the final stats once the run has stopped (by stop() or durationSec). */
  done: Promise<SimulationStats>;
}

/** How many connection errors are logged one by one before only every 500th is. */
const ERRORS_LOGGED_IN_FULL = 10;

/**
 * Run a fleet against a broker: one MQTT connection per device, opened in batches; scripted
 * scenario events on top. Returns at once; connecting continues in the background.
 */
export function runSimulation(options: RunSimulationOptions): SimulationHandle {
  const opts = validateRunOptions(options);
  const clock = options.clock ?? Date.now;
  const log = options.log.child({ component: 'simulator' });
  const scenario = typeof options.scenario === 'string' ? scenarios[options.scenario] : options.scenario;
  const seed = options.seed ?? randomInt(2 ** 31);
  const stats = new StatsCollector(options.devices.length, clock());
  let errors = 0;
  const sessions = options.devices.map(
    (device) =>
      new DeviceSession(device, {
        mqttUrl: options.mqttUrl,
        rate: opts.rate,
        seed,
        clock,
        stats,
        log,
        resend: { ...DEFAULT_RESEND, ...options.resend },
        connectTimeoutMs: 10_000,
        onError(deviceId, what, err) {
          stats.add('errors');
          errors++;
          if (errors <= ERRORS_LOGGED_IN_FULL || errors % 500 === 0) log.warn({ deviceId, err, errors }, `${what} error`);
          else log.debug({ deviceId, err }, `${what} error`);
        },
      }),
  );
  const byId = new Map(sessions.map((s) => [s.device.id, s]));
  let stopping = false;

  const timers: NodeJS.Timeout[] = [];
  for (const ev of scenario.script(options.devices, createRng(seed, hash32(`scenario:${scenario.name}`)))) {
    timers.push(setTimeout(() => byId.get(ev.deviceId)?.inject(ev.fields), ev.atMs));
  }
  const progress = setInterval(() => {
    stats.sample(clock());
    options.onProgress?.(stats.snapshot(clock()));
  }, 1_000);
  stats.sample(clock());

  const opening = (async () => {
    for (let i = 0; i < sessions.length && !stopping; i += opts.connectBatchSize) {
      await Promise.all(sessions.slice(i, i + opts.connectBatchSize).map((s) => s.open()));
      log.debug({ opened: Math.min(i + opts.connectBatchSize, sessions.length) }, 'connections opened');
    }
  })();

  let resolveDone: (s: SimulationStats) => void = () => {};
  const done = new Promise<SimulationStats>((resolve) => (resolveDone = resolve));
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      stopping = true;
      timers.forEach(clearTimeout);
      clearInterval(progress);
      // Closing ends connections still being opened too, so the opening loop finishes promptly.
      await Promise.all(sessions.map((s) => s.close()));
      await opening;
      const final = stats.snapshot(clock());
      log.info({ ...final }, 'simulation stopped');
      resolveDone(final);
    })();
    return stopped;
  };
  if (opts.durationSec !== undefined) timers.push(setTimeout(() => void stop(), opts.durationSec * 1000));

  log.info({ scenario: scenario.name, devices: sessions.length, rate: opts.rate, seed, mqttUrl: redactUrl(options.mqttUrl) }, 'simulation started');
  return { stop, stats: () => stats.snapshot(clock()), done };
}

/** Credentials in a broker URL stay out of the logs. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid url)';
  }
}
