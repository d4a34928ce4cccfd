#!/usr/bin/env node
/**
 * Static checks of docker-compose.yml and deploy/mosquitto (no Docker needed; CI runs this):
 * the YAML parses, the services and their wiring exist, secrets have no defaults, every ingest
 * gateway has its own stable client id, and the shipped Mosquitto config keeps its safety settings.
 *
 *   node scripts/check-compose.mjs            exit 0 when fine, 1 with a list of problems
 *
 * YAML is parsed with the `yaml` package when installed, else with python3's PyYAML.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
for (const secret of ['POSTGRES_PASSWORD', 'CITYOPS_MQTT_SERVICE_PASSWORD']) {
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
expectDirective('per_listener_settings', (v) => v === 'true', 'must be true');
expectDirective('allow_anonymous', (v) => v === 'false', 'devices and services must authenticate');
expectDirective('password_file', (v) => v === '/mosquitto/config/passwd', 'where make-passwords.sh writes, mounted by compose');
expectDirective('acl_file', (v) => v === '/mosquitto/config/acl', 'the shipped ACL');
expectDirective('persistence', (v) => v === 'true', 'sessions and queues must survive a broker restart');
expectDirective('max_queued_messages', (v) => Number(v) >= 10_000, 'the gateway session must hold a restart’s worth of messages (default 1000 drops)');
expectDirective('max_inflight_messages', (v) => Number(v) > 20, 'the default 20 throttles MQTT 3.1.1 subscribers');
expectDirective('max_packet_size', (v) => Number(v) > 16_384 && Number(v) <= 1_048_576, 'a little over the 16 KiB payload limit');
check(
  directive('autosave_on_changes').includes('true') || directive('autosave_interval').some((v) => Number(v) <= 300),
  'mosquitto.conf: autosave must be far below the 1800 s default',
);
const acl = readFileSync(join(root, 'deploy/mosquitto/acl'), 'utf8');
for (const kind of ['camera', 'fire', 'transit', 'queue'])
  check(new RegExp(`^pattern write city/v1/${kind}/%u/\\+$`, 'm').test(acl), `acl: devices publish under city/v1/${kind}/%u/+`);
check(!/^pattern write .*#/m.test(acl) && !/^pattern write city\/v1\/\+\//m.test(acl), 'acl: no device pattern wider than one level under a known kind');
check(/^pattern read city\/v1\/fire\/%u\/receipt$/m.test(acl), 'acl: devices read only their receipts');
check(/^user cityops-service$/m.test(acl), 'acl: the service account has its section');
expectDirective('use_username_as_clientid', (v) => v === 'true', "a device must not claim another client's id (a gateway's session)");

// The console and the gateways.
check(existsSync(join(root, 'Dockerfile')), 'Dockerfile is missing');
check(services.cityops?.build, 'cityops must build the image');
check(command('cityops').includes('cli/src/main.ts start'), 'cityops runs cli/src/main.ts start');
const gateways = Object.keys(services).filter((s) => command(s).includes('ingest-gateway/src/main.ts'));
check(gateways.includes('ingest-gateway'), 'ingest-gateway runs ingest-gateway/src/main.ts');
for (const s of ['cityops', ...gateways]) {
  check(String(env(s).DATABASE_URL ?? '').startsWith('postgres://'), `${s}: DATABASE_URL`);
  check(String(env(s).MQTT_URL ?? '').startsWith('mqtt://'), `${s}: MQTT_URL`);
}
const clientIds = new Map();
for (const s of ['cityops', ...gateways]) {
  const id = env(s).CITYOPS_INGEST_CLIENT_ID;
  if (s !== 'cityops') check(id, `${s}: CITYOPS_INGEST_CLIENT_ID must be set (a stable id keeps the broker session)`);
  if (id) {
    check(!clientIds.has(id), `${s} and ${clientIds.get(id)} share client id ${id}: they would take each other's session`);
    clientIds.set(id, s);
  }
  check(env(s).CITYOPS_INGEST_SHARED_GROUP, `${s}: CITYOPS_INGEST_SHARED_GROUP (replicas split the stream)`);
  // The broker makes the user name the client id: the user must be the client id, and the acl must grant it and its fire lane's user.
  const user = /^mqtt:\/\/([^:@/]+)[:@]/.exec(String(env(s).MQTT_URL ?? ''))?.[1];
  check(user && (!id || user === id), `${s}: MQTT_URL's user (${user}) must be its CITYOPS_INGEST_CLIENT_ID (${id})`);
  for (const u of [user, `${user}-fire`]) check(new RegExp(`^user ${u}$`, 'm').test(acl), `${s}: deploy/mosquitto/acl has no section for ${u}`);
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
    `check-compose: ${problems.length} problem(s) in docker-compose.yml / deploy/mosquitto (parsed with` +
      ` ${parser}):\n${problems.map((p) => `  - ${p}`).join('\n')}\n`,
  );
  process.exit(1);
}
process.stdout.write(
  `check-compose: docker-compose.yml and deploy/mosquitto OK (${Object.keys(services).length} services, gateways: ${gateways.join(', ')}; parsed with` +
    ` ${parser})\n`,
);
