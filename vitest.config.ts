import { defineConfig } from 'vitest/config';

/**
 * Three projects: `unit` (pure, no I/O), `integration` (*.int.test.ts: a real broker and database,
 * embedded by default, the machine's services when CITYOPS_TEST_SERVICES=1), `e2e` (Chromium).
 */
export default defineConfig({
  test: {
    // Two cores: each integration suite runs its own embedded database and broker.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{contracts,db,ingest-gateway,alerting,ops-console/server,ops-console/web,simulators,cli}/src/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{contracts,db,ingest-gateway,alerting,ops-console/server,simulators,cli}/src/**/*.int.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/src/**/*.e2e.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
