import pino from 'pino';
import { openEmbeddedScratchDatabase, openServerScratchDatabase, type ScratchDatabase } from '../scratch-database.ts';

export type TestDatabase = ScratchDatabase;

/** True when the suite runs against the machine's services (`npm run test:services`). */
export const usingServices = process.env.CITYOPS_TEST_SERVICES === '1';

/**
 * A migrated, empty database for one suite: the embedded PGlite+Timescale by default, or a fresh
 * database created on `DATABASE_URL` under `npm run test:services` and dropped afterwards.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
  if (!usingServices) return openEmbeddedScratchDatabase(log, 'cityops-test');
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('DATABASE_URL must name a PostgreSQL server for npm run test:services');
  return openServerScratchDatabase(adminUrl, log, { prefix: 'cityops_test' });
}
