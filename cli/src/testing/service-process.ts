import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './stack-process.ts';

export interface ServiceSpec {
  /** For messages: `gateway-1`, `console-2`… */
  name: string;
  /** The entry point, relative to the repository: `ingest-gateway/src/main.ts`, `cli/src/main.ts`… */
  entry: string;
  args?: string[];
  env: NodeJS.ProcessEnv;
  /** Ready when the process sends any IPC message (the stand-alone mains do), or prints a line matching this. */
  ready: 'ipc' | RegExp;
}

/**
 * One of cityops' processes as a deployment runs it (one Node process, TypeScript through tsx as in
 * development), which a test can kill -9 and start again with the same configuration: the same
 * client ids, ports and database, as an orchestrator restarting a container would.
 */
export class ServiceProcess {
  #child: ChildProcess | undefined;
  #out = '';
  #run = '';

  constructor(readonly spec: ServiceSpec) {}

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get running(): boolean {
    return !!this.#child && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Everything it printed, across restarts (the last 200 kB). */
  output(): string {
    return this.#out;
  }

  /** What it printed since it was last started (the last 200 kB). */
  outputOfThisRun(): string {
    return this.#run;
  }

  async start(timeoutMs = 90_000): Promise<void> {
    if (this.running) throw new Error(`${this.spec.name} is already running`);
    const child = fork(join(REPO_ROOT, this.spec.entry), this.spec.args ?? [], {
      cwd: REPO_ROOT,
      execArgv: ['--import', 'tsx'],
      env: this.spec.env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.#child = child;
    this.#run = '';
    const keep = (c: Buffer) => {
      this.#out = (this.#out + c.toString()).slice(-200_000);
      this.#run = (this.#run + c.toString()).slice(-200_000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const ready = this.spec.ready;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`${this.spec.name} was not ready within ${timeoutMs} ms:\n${this.#out.slice(-4000)}`)), timeoutMs);
      const onOutput = () => ready instanceof RegExp && ready.test(this.#run) && done();
      const onExit = (code: number | null) => done(new Error(`${this.spec.name} exited (${code}) before it was ready:\n${this.#out.slice(-4000)}`));
      const done = (err?: Error) => {
        clearTimeout(timer);
        child.stdout!.off('data', onOutput);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (err) {
          child.kill('SIGKILL');
          reject(err);
        } else resolve();
      };
      const onMessage = () => ready === 'ipc' && done();
      child.stdout!.on('data', onOutput);
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  }

  /** SIGKILL, as the kernel's OOM killer or a pulled plug would: no shutdown code runs. */
  async kill9(): Promise<void> {
    await this.#signal('SIGKILL', 10_000);
  }

  /** SIGTERM (a graceful stop), SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!(await this.#signal('SIGTERM', graceMs))) await this.#signal('SIGKILL', 10_000);
  }

  async #signal(signal: NodeJS.Signals, waitMs: number): Promise<boolean> {
    const child = this.#child;
    if (!child || !this.running) return true;
    const exited = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), waitMs);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    child.kill(signal);
    return exited;
  }
}
