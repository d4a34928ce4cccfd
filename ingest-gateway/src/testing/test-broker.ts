import pino from 'pino';
import type { Pool } from '@cityops/db';
import { authenticateDevice, watchDeviceRevocations } from '@cityops/db';
import { startEmbeddedBroker } from '../broker/embedded-broker.ts';

export interface TestBroker {
  url: string;
  /** Credentials our services use on this broker. */
  service: { username: string; password: string };
  /** The gateway options that fit this broker. */
  protocolVersion: 4 | 5;
  sharedGroup: string | undefined;
  /** Whether the broker enforces device credentials and ACLs (the embedded one does). */
  enforcesDeviceAuth: boolean;
  kind: 'aedes' | 'mosquitto';
  /** On the embedded broker: device messages forwarded that no gateway has acknowledged yet. */
  awaitingIngest?: () => number;
  close(): Promise<void>;
}

/** The embedded aedes broker on port 0, or the machine's Mosquitto under `npm run test:services`. */
export async function openTestBroker(pool: Pool, logLevel = process.env.LOG_LEVEL ?? 'warn'): Promise<TestBroker> {
  if (process.env.CITYOPS_TEST_SERVICES === '1') {
    const url = process.env.MQTT_URL;
    if (!url) throw new Error('MQTT_URL must name a broker for npm run test:services');
    return {
      url,
      service: { username: '', password: '' },
      protocolVersion: 5,
      sharedGroup: undefined,
      enforcesDeviceAuth: false,
      kind: 'mosquitto',
      close: async () => {},
    };
  }
  const service = { username: 'cityops-service', password: 'test-service-secret' };
  const broker = await startEmbeddedBroker({
    port: 0,
    log: pino({ level: logLevel }),
    serviceAccounts: new Map([[service.username, service.password]]),
    authenticateDevice: (id, secret) => authenticateDevice(pool, id, secret),
    watchRevocations: (onRevoked) => watchDeviceRevocations(pool, pino({ level: 'silent' }), onRevoked),
  });
  return {
    url: broker.url,
    service,
    protocolVersion: 4,
    sharedGroup: undefined,
    enforcesDeviceAuth: true,
    kind: 'aedes',
    awaitingIngest: () => broker.awaitingIngest(),
    close: () => broker.close(),
  };
}
