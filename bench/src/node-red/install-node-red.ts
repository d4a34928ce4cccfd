import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The peer a city would otherwise pick: Node-RED 4 with node-postgres for its PostgreSQL writes. */
export const NODE_RED_VERSION = '4.1.8';
export const PG_VERSION = '8.23.1';

export interface NodeRedInstall {
  /** Node-RED's entry point (`node red.js --userDir … --settings …`). */
  redJs: string;
  /** Where `pg` resolves from, for the settings file's `require`. */
  pgPath: string;
}

/**
 * Installs Node-RED and `pg` from the npm registry into a folder of the machine's temp directory
 * (reused by the next run), never into this project: the peer is not one of our dependencies.
 */
export function installNodeRed(log: (line: string) => void): NodeRedInstall {
  const dir = join(tmpdir(), `cityops-bench-node-red-${NODE_RED_VERSION}`);
  const redJs = join(dir, 'node_modules', 'node-red', 'red.js');
  const pgPath = join(dir, 'node_modules', 'pg');
  if (!existsSync(redJs) || !existsSync(pgPath)) {
    log(`installing node-red@${NODE_RED_VERSION} and pg@${PG_VERSION} into ${dir} (once)`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'cityops-bench-node-red', private: true }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--omit=dev', `node-red@${NODE_RED_VERSION}`, `pg@${PG_VERSION}`], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 600_000,
    });
  }
  return { redJs, pgPath };
}
