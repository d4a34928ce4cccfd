import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeRedFlows, type FlowKind } from './flows.ts';
import type { NodeRedInstall } from './install-node-red.ts';

/** One Node-RED instance running one flow, which the bench can kill -9 and start again on the same user directory. */
export class NodeRedProcess {
  readonly #dir: string;
  #child: ChildProcess | undefined;
  #out = '';

  constructor(
    private readonly install: NodeRedInstall,
    o: { kind: FlowKind; databaseUrl: string; brokerPort: number; username: string; password: string },
  ) {
    this.#dir = mkdtempSync(join(tmpdir(), `cityops-bench-node-red-${o.kind}-`));
    this.databaseUrl = o.databaseUrl;
    // The editor and admin API off (a deployed flow does not need them); credentials unencrypted in
    // the user directory, as a container with a mounted flows_cred.json would have them.
    writeFileSync(
      join(this.#dir, 'settings.js'),
      `module.exports = {
  flowFile: 'flows.json',
  credentialSecret: false,
  httpAdminRoot: false,
  httpNodeRoot: false,
  uiHost: '127.0.0.1',
  uiPort: 0,
  functionGlobalContext: { pg: require(${JSON.stringify(install.pgPath)}) },
  logging: { console: { level: 'info', metrics: false, audit: false } },
};\n`,
    );
    const clientId = `cityops-bench-nodered-${o.kind}`;
    writeFileSync(join(this.#dir, 'flows.json'), JSON.stringify(nodeRedFlows({ kind: o.kind, brokerPort: o.brokerPort, clientId })));
    writeFileSync(join(this.#dir, 'flows_cred.json'), JSON.stringify({ 'cityops-broker': { user: o.username, password: o.password } }));
  }

  private readonly databaseUrl: string;

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** Starts Node-RED; resolves once its flow is connected to the broker (and subscribed). */
  async start(timeoutMs = 120_000): Promise<void> {
    const child = spawn(process.execPath, [this.install.redJs, '--userDir', this.#dir, '--settings', join(this.#dir, 'settings.js')], {
      env: { ...process.env, NR_DATABASE_URL: this.databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    this.#out = '';
    const keep = (c: Buffer) => (this.#out = (this.#out + c.toString()).slice(-4000));
    child.stderr!.on('data', keep);
    child.stdout!.on('data', keep);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Node-RED did not connect within ${timeoutMs} ms:\n${this.#out}`)), timeoutMs);
      child.stdout!.on('data', () => {
        if (/Connected to broker/.test(this.#out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Node-RED exited (${code}):\n${this.#out}`));
      });
    });
  }

  /** The end of what it logged (its errors say why a flow stores nothing). */
  output(): string {
    return this.#out;
  }

  async kill9(): Promise<void> {
    await this.#signal('SIGKILL');
  }

  async stop(): Promise<void> {
    await this.#signal('SIGTERM');
  }

  close(): void {
    rmSync(this.#dir, { recursive: true, force: true });
  }

  async #signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(signal);
    const late = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(late);
  }
}
