/**
 * CLI: run a provisioned fleet against a broker.
 *   npx tsx simulators/src/main.ts --credentials fleet.json --scenario fire-outbreak --rate 2
 * Bad arguments: one line and exit 2. SIGINT/SIGTERM: stop cleanly, print final stats, exit 0.
 */
import { pino } from 'pino';
import { parseArgs, USAGE } from './cli/config.ts';
import { loadFleet } from './cli/load-fleet.ts';
import { createProgressPrinter } from './cli/progress.ts';
import { runSimulation } from './runner/run-simulation.ts';

function fail(message: string): never {
  process.stderr.write(`simulators: ${message}\n`);
  process.exit(2);
}

const parsed = parseArgs(process.argv.slice(2), process.env);
if (!parsed.ok) {
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  fail(parsed.error);
}
const { config } = parsed;
const fleet = loadFleet(config.credentials, config.devices);
if ('error' in fleet) fail(fleet.error);

// Logs go to stderr so the progress line owns stdout.
const log = pino({ level: process.env.LOG_LEVEL ?? 'info', redact: ['password', '*.password'] }, pino.destination(2));
const progress = createProgressPrinter(process.stdout);
let sim: ReturnType<typeof runSimulation>;
try {
  sim = runSimulation({
    mqttUrl: config.mqttUrl,
    devices: fleet.devices,
    scenario: config.scenario,
    rate: config.rate,
    durationSec: config.durationSec,
    seed: config.seed,
    log,
    onProgress: (s) => progress.update(s, Date.now()),
  });
} catch (err) {
  fail((err as Error).message);
}

let signalledAt: number | undefined;
const onSignal = (signal: NodeJS.Signals) => {
  if (signalledAt !== undefined) {
    // A second Ctrl-C means "now", but one keypress often arrives twice (to the process group
    // and relayed by a wrapper such as tsx or timeout), so repeats within a second are the same.
    if (Date.now() - signalledAt > 1_000) process.exit(130);
    return;
  }
  signalledAt = Date.now();
  log.info({ signal }, 'stopping');
  void sim.stop();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const final = await sim.done;
progress.final(final);
process.exit(0);
