import { execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '@cityops/db/src/testing/test-database.ts';
import { startPrivateMosquitto, type PrivateMosquitto } from '@cityops/ingest-gateway/src/testing/private-mosquitto.ts';
import { servicesStackEnv } from './testing/services-stack.ts';
import { embeddedStackEnv, REPO_ROOT, startStackProcess } from './testing/stack-process.ts';

/**
 * The production build (`npm run build`) as the image runs it: compiled JavaScript under
 * `<workspace>/dist`, resolved across workspaces by the `cityops-dist` export condition, with no
 * TypeScript at run time. Every process here runs with a loader hook that fails on loading any
 * TypeScript file and on importing tsx (testing/no-typescript.mjs), so a process that comes up has
 * loaded its whole module graph compiled. The hook is given in NODE_OPTIONS, so it reaches every
 * process those start too (the embedded database's), however they are spawned.
 */
const run = promisify(execFile);
const GUARD = `--import=${pathToFileURL(join(import.meta.dirname, 'testing', 'no-typescript.mjs')).href}`;
const COMPILED = ['--conditions=cityops-dist'];
const WEB_INDEX = join(REPO_ROOT, 'ops-console', 'web', 'dist', 'index.html');
/** The workspaces the build compiles (tsconfig.build.json includes each one's src). */
const BUILT = (JSON.parse(readFileSync(join(REPO_ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[] }).include.map((src) =>
  src.replace(/\/src$/, ''),
);
const dataDirs: string[] = [];
const children: ChildProcess[] = [];
let db: TestDatabase;
let broker: PrivateMosquitto;

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** `env` with the TypeScript guard added to NODE_OPTIONS. */
function guarded(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, GUARD].filter(Boolean).join(' ') };
}

/** The environment of a child that must find its configuration wanting: none of the machine's services. */
function bareEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const k of ['DATABASE_URL', 'MQTT_URL', 'REDIS_URL', 'CITYOPS_PUBLIC_URL', 'VITEST', 'VITEST_POOL_ID', 'VITEST_WORKER_ID']) delete env[k];
  return guarded(env);
}

/** Runs `node …args` from the repository root to its end. */
async function node(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: REPO_ROOT, env, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw err;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** Starts `cityops start` from the build, checks what a deployment's health check and a browser see, stops it with SIGTERM. */
async function startCompiledStackAndStop(env: NodeJS.ProcessEnv): Promise<void> {
  const started = await startStackProcess(guarded(env), 120_000, [...COMPILED, 'cli/dist/main.js', 'start']);
  children.push(started.child);
  const exited = new Promise<number | null>((resolve) => started.child.once('exit', (code) => resolve(code)));

  const ready = await fetch(`${started.consoleUrl}/api/health/ready`);
  expect(ready.status, started.output()).toBe(200);
  const page = await fetch(`${started.consoleUrl}/`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  const html = await page.text();
  const script = /<script type="module"[^>]* src="([^"]+)"/.exec(html)?.[1];
  expect(script, html).toBeDefined();
  const asset = await fetch(new URL(script!, started.consoleUrl));
  expect(asset.status).toBe(200);
  expect(asset.headers.get('content-type')).toMatch(/javascript/);
  // Read to its end: an unread body holds its connection, and the stop would wait for it.
  expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(0);

  started.child.kill('SIGTERM');
  expect(await exited, started.output()).toBe(0);
}

beforeAll(async () => {
  // The build under test is the one of these sources, never one left over from before an edit.
  await run('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, timeout: 170_000 });
  if (!existsSync(WEB_INDEX)) await run('npm', ['run', 'build:web', '--silent'], { cwd: REPO_ROOT, timeout: 170_000, maxBuffer: 16 * 1024 * 1024 });
  db = await openTestDatabase();
  broker = await startPrivateMosquitto();
}, 360_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await broker?.close().catch(() => undefined);
  await db?.close();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

describe('the production build', () => {
  it('imports JavaScript only: no tsx, no .ts module, no tests, and every export condition leads to a file', () => {
    const specifier = /(?:\bfrom\s*|\bimport\s*\(?\s*)(['"])([^'"\n]+)\1/g;
    const offenders: string[] = [];
    for (const workspace of BUILT) {
      const dist = join(REPO_ROOT, workspace, 'dist');
      expect(existsSync(dist), `${workspace}/dist`).toBe(true);
      for (const file of files(dist)) {
        const name = relative(REPO_ROOT, file);
        if (!file.endsWith('.js') || file.endsWith('.test.js') || name.includes('/testing/')) offenders.push(`${name}: not a compiled runtime module`);
        if (!file.endsWith('.js')) continue;
        for (const [, , spec] of readFileSync(file, 'utf8').matchAll(specifier)) {
          if (/\.[cm]?tsx?$/.test(spec!) || spec === 'tsx' || spec!.startsWith('tsx/')) offenders.push(`${name}: imports '${spec}'`);
        }
      }
      const manifest = JSON.parse(readFileSync(join(REPO_ROOT, workspace, 'package.json'), 'utf8')) as { exports?: Record<string, unknown> };
      for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
        if (typeof target !== 'object' || target === null || !('cityops-dist' in target)) continue;
        const file = join(REPO_ROOT, workspace, String(target['cityops-dist']));
        if (!existsSync(file)) offenders.push(`${workspace}/package.json: export ${subpath} → ${relative(REPO_ROOT, file)}, which the build did not produce`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it.each([
    ['ingest-gateway/dist/main.js', {}, 'cityops ingest-gateway: DATABASE_URL is required'],
    ['alerting/dist/main.js', {}, 'cityops alerting: DATABASE_URL is required'],
    ['notifications/dist/main.js', {}, 'cityops notifier: DATABASE_URL is required'],
    ['ingest-gateway/dist/broker/main.js', {}, 'cityops broker: DATABASE_URL is required'],
    ['db/dist/embedded/main.js', { CITYOPS_DB_PORT: 'not-a-port' }, 'cityops embedded database: CITYOPS_DB_PORT must be'],
  ])('%s loads compiled and stops on bad configuration with its one line', async (entry, env, line) => {
    const { code, stdout, stderr } = await node([...COMPILED, entry], bareEnv(env));
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr.trimEnd().split('\n')).toEqual([expect.stringContaining(line)]);
  });

  it('finds from dist what the sources find beside them through import.meta: migrations, sample data, the web build', async () => {
    // Each module's path constant, read from the compiled module itself; the console's OpenAPI plugin
    // reads its package.json as it loads.
    const paths = `
      const at = (file) => import(new URL(file, 'file://${REPO_ROOT}/'));
      const found = {
        migrations: (await at('db/dist/migrate.js')).MIGRATIONS_DIR,
        units: (await at('ops-console/server/dist/units/units-directory.js')).SAMPLE_UNITS_FILE,
        areas: (await at('simulators/dist/areas/load-areas.js')).DEFAULT_AREAS_PATH,
        stations: (await at('simulators/dist/buildings/sample-fire-stations.js')).DEFAULT_FIRE_STATIONS_PATH,
        web: (await at('cli/dist/stack-config.js')).WEB_DIST,
      };
      await at('ops-console/server/dist/openapi/openapi-plugin.js');
      process.stdout.write(JSON.stringify(found));`;
    const { code, stdout, stderr } = await node([...COMPILED, '--input-type=module', '-e', paths], bareEnv());
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const found = JSON.parse(stdout) as Record<string, string>;
    expect(Object.fromEntries(Object.entries(found).map(([k, v]) => [k, relative(REPO_ROOT, v)]))).toEqual({
      migrations: 'db/migrations',
      units: 'ops-console/server/data/responsible-units.sample.json',
      areas: 'simulators/data/hanoi-areas.sample.json',
      stations: 'simulators/data/fire-stations.sample.geojson',
      web: 'ops-console/web/dist',
    });
    for (const path of Object.values(found)) expect(existsSync(path), path).toBe(true);
  });

  it('the simulators CLI loads compiled', async () => {
    const { code, stdout, stderr } = await node([...COMPILED, 'simulators/dist/main.js', '--help'], bareEnv());
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^usage: /);
  });

  it('the cityops bin runs the build, with the condition or, without tsx (a production install), on its own', async () => {
    for (const args of [COMPILED, []]) {
      const { code, stdout, stderr } = await node([...args, 'cli/bin/cityops.mjs', '--help'], bareEnv());
      expect({ args, code, stderr }).toEqual({ args, code: 0, stderr: '' });
      expect(stdout).toMatch(/^cityops — /);
    }
  });

  it('cityops start on PostgreSQL and Mosquitto: ready, serves the console, stops cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cityops-build-pg-'));
    dataDirs.push(dataDir);
    await startCompiledStackAndStop({ ...embeddedStackEnv(dataDir, 'build-test-pw'), ...servicesStackEnv(db, broker, dataDir) });
  });

  it('cityops start on embedded defaults: the database process it supervises runs compiled too', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cityops-build-embedded-'));
    dataDirs.push(dataDir);
    await startCompiledStackAndStop(embeddedStackEnv(dataDir, 'build-test-pw'));
  });
});
