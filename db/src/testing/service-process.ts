/**
 * Test support for suites that run cityops services as child processes (the gateway crash test,
 * the alerting restart test): spawn `node --import tsx <script>`, read its JSON log lines, wait, stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Children still running, so a suite's afterAll can kill whatever a failed test left behind. */
export const children = new Set<ChildProcess>();

/** Spawns `node --import tsx <script>` in the repo root, handing each JSON line of stdout to `onLine`. */
export function spawnTs(
  script: string,
  env: Record<string, string>,
  onLine: (line: Record<string, unknown>) => void,
): { child: ChildProcess; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let buf = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buf += chunk;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      try {
        onLine(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not a JSON line
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    err = (err + chunk).slice(-4000);
  });
  return { child, stderr: () => err };
}

export function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

export async function waitUntil(what: string, ok: () => boolean, timeoutMs: number, detail: () => string = () => ''): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} ${detail()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A stand-alone process that prints one ready line with `key`; resolves with that line. */
export async function startService(
  script: string,
  env: Record<string, string>,
  key: string,
): Promise<{ child: ChildProcess; ready: Record<string, unknown>; stderr: () => string }> {
  let ready: Record<string, unknown> | undefined;
  const { child, stderr } = spawnTs(script, env, (line) => {
    if (key in line) ready = line;
  });
  await waitUntil(`${script} to start`, () => ready !== undefined || child.exitCode !== null, 60_000, stderr);
  if (!ready) throw new Error(`${script} exited ${child.exitCode}: ${stderr()}`);
  return { child, ready, stderr };
}

export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited(child);
  clearTimeout(t);
}
