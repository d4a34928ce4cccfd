import type { TestDatabase } from '@cityops/db/src/testing/test-database.ts';
import type { PrivateMosquitto } from '@cityops/ingest-gateway/src/testing/private-mosquitto.ts';

/**
 * The environment of `cityops start` on the real services of a test: the test's PostgreSQL
 * database and a private Mosquitto with the shipped config, device accounts kept by cityops through
 * the broker's admin user, console on a free port, no simulated fleet.
 */
export function servicesStackEnv(db: TestDatabase, broker: PrivateMosquitto, dataDir: string): Record<string, string> {
  return {
    DATABASE_URL: db.connectionString,
    // The console's in-process gateway signs in as its own service users (telemetry and fire lanes).
    MQTT_URL: `mqtt://cityops-ingest-console:${broker.service.password}@127.0.0.1:${broker.port}`,
    CITYOPS_MQTT_ADMIN_PASSWORD: broker.adminPassword,
    CITYOPS_DATA_DIR: dataDir,
    PORT: '0',
    CITYOPS_SIMULATE: '0',
    LOG_LEVEL: 'silent',
  };
}
