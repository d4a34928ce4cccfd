import { createConnection, createServer, type Server } from 'node:net';
import { chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { BrokerDeviceAccounts, Pool } from '@cityops/db';
import { describeCommandError, runRegistryCommand, type RegistryCommand } from './commands/registry-commands.ts';

/**
 * A Unix socket in the data directory (mode 0600) through which `cityops device …` reaches a
 * running stack: the embedded database serves one connection at a time, so the CLI asks the stack
 * to run the command on its own pool. Access is the file's: the stack's OS user only.
 */
export function controlSocketPath(dataDir: string): string {
  return join(dataDir, 'cityops.sock');
}

export async function serveControlSocket(dataDir: string, pool: Pool, log: Logger, accounts?: BrokerDeviceAccounts): Promise<() => Promise<void>> {
  const path = controlSocketPath(dataDir);
  rmSync(path, { force: true });
  const server: Server = createServer((conn) => {
    let buf = '';
    conn.setEncoding('utf8');
    conn.on('data', (chunk) => {
      buf += chunk;
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      const line = buf.slice(0, nl);
      buf = '';
      void (async () => {
        try {
          const result = await runRegistryCommand(pool, JSON.parse(line) as RegistryCommand, accounts);
          conn.end(`${JSON.stringify({ ok: true, result })}\n`);
        } catch (err) {
          const message = describeCommandError(err);
          if (!message) log.error({ err }, 'control command failed');
          conn.end(`${JSON.stringify({ ok: false, error: message ?? (err as Error).message, usage: message !== undefined })}\n`);
        }
      })();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  chmodSync(path, 0o600);
  return () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      rmSync(path, { force: true });
    });
}

/** Sends a command to a running stack; resolves undefined when no stack listens there. */
export function sendControlCommand(
  dataDir: string,
  cmd: RegistryCommand,
): Promise<{ ok: boolean; result?: unknown; error?: string; usage?: boolean } | undefined> {
  return new Promise((resolve, reject) => {
    const conn = createConnection(controlSocketPath(dataDir));
    let buf = '';
    conn.setEncoding('utf8');
    conn.on('connect', () => conn.write(`${JSON.stringify(cmd)}\n`));
    conn.on('data', (c) => (buf += c));
    conn.on('end', () => {
      try {
        resolve(JSON.parse(buf));
      } catch (err) {
        reject(err);
      }
    });
    conn.on('error', (err: NodeJS.ErrnoException) => (['ENOENT', 'ECONNREFUSED'].includes(err.code ?? '') ? resolve(undefined) : reject(err)));
  });
}
