#!/usr/bin/env node
/**
 * Static checks of docker-compose.yml, the Dockerfile and deploy/mosquitto (no Docker needed; CI
 * runs this): the YAML parses, the services and their wiring exist, secrets have no defaults, every
 * ingest gateway has its own stable client id and service user, the shipped Mosquitto config keeps
 * its safety settings (the dynamic security plugin, persistence, queue and packet limits), and the
 * image runs compiled code: its runtime stage and every service of the image start a module that
 * `npm run build` emits, under the `cityops-dist` condition, with no tsx.
 *
 *   node scripts/check-compose.mjs            exit 0 when fine, 1 with a list of problems
 *
 * YAML is parsed with the `yaml` package when installed, else with python3's PyYAML.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtWorkspaces } from './build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const composePath = join(root, 'docker-compose.yml');
const text = readFileSync(composePath, 'utf8');
const problems = [];
const check = (ok, message) => {
  if (!ok) problems.push(message);
};

async function parseYaml(source) {
  try {
    const { parse } = await import('yaml');
    return { doc: parse(source, { merge: true }), parser: 'yaml (npm)' };
  } catch (err) {
    if (err?.code !== 'ERR_MODULE_NOT_FOUND') throw err;
  }
  try {
    const json = execFileSync('python3', ['-c', 'import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'], { input: source, encoding: 'utf8' });
    return { doc: JSON.parse(json), parser: 'PyYAML (python3)' };
  } catch (err) {
    if (err?.code === 'ENOENT' || /No module named/.test(String(err?.stderr))) {
      process.stderr.write('check-compose: no YAML parser: install the `yaml` npm package or python3-yaml\n');
      process.exit(2);
    }
    throw new Error(`docker-compose.yml does not parse: ${err?.stderr || err?.message}`);
  }
}

const { doc, parser } = await parseYaml(text);
const services = doc?.services ?? {};
const env = (s) => {
  const e = services[s]?.environment ?? {};
  return Array.isArray(e) ? Object.fromEntries(e.map((x) => [x.split('=')[0], x.split('=').slice(1).join('=')])) : e;
};
const command = (s) => [].concat(services[s]?.command ?? []).join(' ');

for (const name of ['timescaledb', 'mosquitto', 'cityops', 'ingest-gateway']) check(services[name], `service ${name} is missing`);

// Secrets: required from the environment, never defaulted.
for (const secret of ['POSTGRES_PASSWORD', 'CITYOPS_MQTT_SERVICE_PASSWORD', 'CITYOPS_MQTT_ADMIN_PASSWORD']) {
  const uses = [...text.matchAll(new RegExp(`\\$\\{${secret}([^}]*)\\}`, 'g'))];
  check(uses.length > 0, `${secret} is never used`);
  for (const u of uses) check(u[1].startsWith(':?'), `\${${secret}${u[1]}} must be \${${secret}:?…}: a secret has no default`);
}

// TimescaleDB.
const tsdb = services.timescaledb ?? {};
check(String(tsdb.image ?? '').startsWith('timescale/timescaledb:'), 'timescaledb must use a timescale/timescaledb image');
check(
  (tsdb.volumes ?? []).some((v) => String(v).includes('/var/lib/postgresql/data')),
  'timescaledb needs a volume on /var/lib/postgresql/data',
);
check(tsdb.healthcheck?.test, 'timescaledb needs a healthcheck');
check(String(env('timescaledb').POSTGRES_PASSWORD ?? '').includes('POSTGRES_PASSWORD:?'), 'timescaledb POSTGRES_PASSWORD must come from the environment');

// Mosquitto and its shipped config.
const mq = services.mosquitto ?? {};
check(String(mq.image ?? '').startsWith('eclipse-mosquitto:2'), 'mosquitto must use eclipse-mosquitto:2');
check(
  (mq.volumes ?? []).some((v) => /^\.\/deploy\/mosquitto:\/mosquitto\/config/.test(String(v))),
  'mosquitto must mount ./deploy/mosquitto at /mosquitto/config',
);
check(
  (mq.volumes ?? []).some((v) => String(v).includes('/mosquitto/data')),
  'mosquitto needs a volume on /mosquitto/data (persistence)',
);
check(mq.healthcheck?.test, 'mosquitto needs a healthcheck');
const conf = readFileSync(join(root, 'deploy/mosquitto/mosquitto.conf'), 'utf8');
const directive = (key) => [...conf.matchAll(new RegExp(`^${key}\\s+(.+)$`, 'gm'))].map((m) => m[1].trim());
const expectDirective = (key, ok, why) => {
  const values = directive(key);
  check(values.length > 0 && values.every(ok), `mosquitto.conf: ${key} ${values.join(', ') || '(missing)'} — ${why}`);
};
expectDirective('per_listener_settings', (v) => v === 'false', 'one set of accounts (the dynamic security plugin) for every listener');
expectDirective('allow_anonymous', (v) => v === 'false', 'devices and services must authenticate');
expectDirective('plugin', (v) => v.endsWith('/mosquitto_dynamic_security.so'), 'accounts, roles and client-id binding live in the dynamic security plugin');
expectDirective(
  'plugin_opt_config_file',
  (v) => v.startsWith('/mosquitto/data/'),
  'the plugin rewrites its file on every change: it belongs in the data volume',
);
// The plugin binds each device to its own client id; this option would replace the id by the user
// name before the check, and the dynamic security plugin's refusal of a claimed id would never happen.
check(!directive('use_username_as_clientid').includes('true'), 'mosquitto.conf: use_username_as_clientid must not be set (it defeats the client-id binding)');
check(
  directive('password_file').length === 0 && directive('acl_file').length === 0,
  'mosquitto.conf: no password_file/acl_file beside the dynamic security plugin',
);
expectDirective('persistence', (v) => v === 'true', 'sessions and queues must survive a broker restart');
expectDirective('max_queued_messages', (v) => Number(v) >= 10_000, 'the gateway session must hold a restart’s worth of messages (default 1000 drops)');
expectDirective('max_inflight_messages', (v) => Number(v) > 20, 'the default 20 throttles MQTT 3.1.1 subscribers');
expectDirective('max_packet_size', (v) => Number(v) > 16_384 && Number(v) <= 1_048_576, 'a little over the 16 KiB payload limit');
check(
  directive('autosave_on_changes').includes('true') || directive('autosave_interval').some((v) => Number(v) <= 300),
  'mosquitto.conf: autosave must be far below the 1800 s default',
);
check(
  /dynamic-security\.json/.test(command('mosquitto')),
  'mosquitto: its command must copy the seed dynamic-security.json into the data volume on first start',
);
check(
  String(env('cityops').CITYOPS_MQTT_ADMIN_PASSWORD ?? '').includes('CITYOPS_MQTT_ADMIN_PASSWORD:?'),
  'cityops: CITYOPS_MQTT_ADMIN_PASSWORD (required) — it creates and disables device accounts on the broker',
);

// The console and the gateways.
check(existsSync(join(root, 'Dockerfile')), 'Dockerfile is missing');
// The image installs with `npm ci` before copying the sources: every workspace's manifest must be
// copied first, or the install fails on a workspace it cannot find.
const dockerfile = existsSync(join(root, 'Dockerfile')) ? readFileSync(join(root, 'Dockerfile'), 'utf8') : '';
for (const workspace of JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces) {
  check(dockerfile.includes(`COPY ${workspace}/package.json ${workspace}/`), `Dockerfile: COPY ${workspace}/package.json before npm ci`);
}
check(services.cityops?.build, 'cityops must build the image');
check(command('cityops').includes('cli/dist/main.js start'), 'cityops runs cli/dist/main.js start');
const gateways = Object.keys(services).filter((s) => command(s).includes('ingest-gateway/dist/main.js'));
check(gateways.includes('ingest-gateway'), 'ingest-gateway runs ingest-gateway/dist/main.js');
// Stand-alone alerting processes need only the database: a broker URL there would be a copied gateway.
for (const s of Object.keys(services).filter((name) => command(name).includes('alerting/dist/main.js'))) {
  check(String(env(s).DATABASE_URL ?? '').includes('postgres://'), `${s}: alerting needs DATABASE_URL`);
  check(env(s).MQTT_URL === undefined, `${s}: alerting talks to the database only; MQTT_URL does not belong here`);
}

// Compiled code only at run time. The build stage compiles (`npm run build`: each workspace of
// tsconfig.build.json from src/ to dist/); the last stage is the image, and must not need tsx.
const built = builtWorkspaces();
const DIST_CONDITION = '--conditions=cityops-dist';
/** Problems with a command (Node's argv) that must start a compiled entry point. */
function compiledCommand(argv, where) {
  check(argv[0] === 'node', `${where}: runs node directly (one process, so SIGTERM reaches it), not ${argv[0]}`);
  check(!argv.some((a) => /\btsx\b/.test(a)), `${where}: runs tsx; the image has compiled code only`);
  check(argv.includes(DIST_CONDITION), `${where}: needs ${DIST_CONDITION}, or our packages resolve to their TypeScript sources`);
  // The script: the first argument that is neither an option nor the value of one given apart.
  const entry = argv.slice(1).find((a, i, rest) => !a.startsWith('-') && !/^(--import|--require|-r|--loader|--conditions|-C)$/.test(rest[i - 1] ?? ''));
  const m = /^(.+)\/dist\/(.+)\.js$/.exec(entry ?? '');
  const source = m && `${m[1]}/src/${m[2]}.ts`;
  check(
    m && built.includes(m[1]) && existsSync(join(root, source)) && !/(^|\/)testing\/|\.test\.ts$/.test(source),
    `${where}: ${entry} is not a module npm run build emits (<workspace>/dist/….js of a <workspace>/src/….ts in tsconfig.build.json)`,
  );
}
const stages = dockerfile.split(/^FROM\s+/m).slice(1);
const instructions = (stage) =>
  stage
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('#'))
    .join('\n');
const buildStage = instructions(stages.find((s) => /^\S+\s+AS\s+build\b/i.test(s)) ?? '');
const runtime = instructions(stages.at(-1) ?? '');
check(stages.length >= 2, 'Dockerfile: a build stage and a runtime stage (the image carries no compiler)');
check(/\bnpm run build\b/.test(buildStage) && /\bnpm run build:web\b/.test(buildStage), 'Dockerfile: the build stage runs npm run build and npm run build:web');
check(/\bnpm ci\b[^\n]*--omit=dev/.test(runtime), 'Dockerfile: the runtime stage installs production dependencies only (npm ci --omit=dev)');
check(!/\btsx\b/.test(runtime), 'Dockerfile: the runtime stage mentions tsx; it runs compiled code only');
check(/^USER\s+node\s*$/m.test(runtime), 'Dockerfile: the runtime stage runs as USER node');
for (const ws of built) {
  check(runtime.includes(`COPY --from=build /app/${ws}/dist ${ws}/dist`), `Dockerfile: the runtime stage copies ${ws}/dist from the build stage`);
}
for (const dir of ['ops-console/web/dist', 'db/migrations']) check(runtime.includes(` ${dir}\n`), `Dockerfile: the runtime stage needs ${dir}`);
const cmd = /^CMD\s+(\[.*\])\s*$/m.exec(runtime)?.[1];
let cmdArgv = [];
try {
  cmdArgv = JSON.parse(cmd ?? 'null') ?? [];
} catch {
  // reported below
}
check(Array.isArray(cmdArgv) && cmdArgv.length > 0, 'Dockerfile: the runtime stage needs CMD in exec form (a JSON array)');
if (cmdArgv.length) compiledCommand(cmdArgv, 'Dockerfile CMD');
for (const [name, s] of Object.entries(services)) {
  if (!String(s.image ?? '').startsWith('cityops:')) continue;
  compiledCommand([].concat(s.command ?? []), `${name}'s command`);
  check(s.init === true, `${name}: init: true (reaps what the process starts; SIGTERM still reaches node)`);
}
for (const s of ['cityops', ...gateways]) {
  check(String(env(s).DATABASE_URL ?? '').startsWith('postgres://'), `${s}: DATABASE_URL`);
  check(String(env(s).MQTT_URL ?? '').startsWith('mqtt://'), `${s}: MQTT_URL`);
}
const clientIds = new Map();
let seedGateways = 1;
for (const s of ['cityops', ...gateways]) {
  const id = env(s).CITYOPS_INGEST_CLIENT_ID;
  if (s !== 'cityops') check(id, `${s}: CITYOPS_INGEST_CLIENT_ID must be set (a stable id keeps the broker session)`);
  if (id) {
    check(!clientIds.has(id), `${s} and ${clientIds.get(id)} share client id ${id}: they would take each other's session`);
    clientIds.set(id, s);
  }
  check(env(s).CITYOPS_INGEST_SHARED_GROUP, `${s}: CITYOPS_INGEST_SHARED_GROUP (replicas split the stream)`);
  // Each gateway user is bound to the client id of the same name (the seed of `cityops broker seed`).
  const user = /^mqtt:\/\/([^:@/]+)[:@]/.exec(String(env(s).MQTT_URL ?? ''))?.[1];
  check(user && (!id || user === id), `${s}: MQTT_URL's user (${user}) must be its CITYOPS_INGEST_CLIENT_ID (${id})`);
  const replica = /^cityops-ingest-(console|[1-9][0-9]*)$/.exec(user ?? '');
  check(replica, `${s}: MQTT_URL's user (${user}) is not one the seed creates (cityops-ingest-console, cityops-ingest-N)`);
  if (replica && replica[1] !== 'console') seedGateways = Math.max(seedGateways, Number(replica[1]));
}
for (const s of gateways) check(String(env(s).CITYOPS_MQTT_PROTOCOL) === '5', `${s}: shared subscriptions need CITYOPS_MQTT_PROTOCOL=5`);

// Wiring.
for (const [name, s] of Object.entries(services)) {
  for (const dep of Object.keys(Array.isArray(s.depends_on) ? Object.fromEntries(s.depends_on.map((d) => [d, 1])) : (s.depends_on ?? {}))) {
    check(services[dep], `${name} depends on missing service ${dep}`);
    if (s.depends_on?.[dep]?.condition === 'service_healthy')
      check(services[dep]?.healthcheck, `${name} waits for ${dep} to be healthy, but ${dep} has no healthcheck`);
  }
}
for (const v of Object.values(services).flatMap((s) => s.volumes ?? [])) {
  const src = String(v).split(':')[0];
  if (!src.startsWith('.') && !src.startsWith('/')) check(doc.volumes && src in doc.volumes, `named volume ${src} is not declared`);
}

if (problems.length) {
  process.stderr.write(
    `check-compose: ${problems.length} problem(s) in docker-compose.yml / Dockerfile / deploy/mosquitto (parsed with` +
      ` ${parser}):\n${problems.map((p) => `  - ${p}`).join('\n')}\n`,
  );
  process.exit(1);
}
process.stdout.write(
  `check-compose: docker-compose.yml, Dockerfile and deploy/mosquitto OK (${Object.keys(services).length} services, gateways: ${gateways.join(', ')}, seed with --gateways ≥ ${seedGateways}; parsed with` +
    ` ${parser})\n`,
);
