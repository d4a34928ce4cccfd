import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A stand-alone ingest gateway (ingest-gateway/src/main.ts, as docker-compose runs it) as a child process. */
export interface GatewayProcess {
  pid: number;
  /** SIGKILL: no shutdown code runs, nothing in flight is committed or acknowledged. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

const MAIN = fileURLToPath(new URL('../../../ingest-gateway/src/main.ts', import.meta.url));

/** Starts it on `databaseUrl` and `mqttUrl` (with the service account in it); resolves once it is subscribed. */
export async function startGatewayProcess(o: { databaseUrl: string; mqttUrl: string; clientId: string; logLevel: string }): Promise<GatewayProcess> {
  const child: ChildProcess = fork(MAIN, [], {
    execArgv: ['--import', import.meta.resolve('tsx')],
    env: { ...process.env, DATABASE_URL: o.databaseUrl, MQTT_URL: o.mqttUrl, CITYOPS_INGEST_CLIENT_ID: o.clientId, LOG_LEVEL: o.logLevel },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the ingest gateway process was not ready within 60 s')), 60_000);
    child.once('message', () => {
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the ingest gateway process exited (${code}) before it was ready`));
    });
  });
  const exitedNow = () => child.exitCode !== null || child.signalCode !== null;
  return {
    pid: child.pid!,
    async kill9() {
      process.off('exit', kill);
      if (exitedNow()) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      kill();
      await exited;
    },
    async stop() {
      process.off('exit', kill);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const t = setTimeout(kill, 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}
