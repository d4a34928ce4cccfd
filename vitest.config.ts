import { defineConfig } from 'vitest/config';

/**
 * Projects: `unit` (pure, no I/O), `integration` (*.int.test.ts: a real broker and database,
 * embedded by default, the machine's services when CITYOPS_TEST_SERVICES=1), `alone` (*.alone.test.ts:
 * integration suites with a time bound of their own, run after the others and one at a time so no
 * other suite's load is in their figures), `services` (*.services.test.ts: need the services'
 * binaries, e.g. the shipped Mosquitto config), `e2e` (Chromium).
 */
export default defineConfig({
  test: {
    // Two cores: each integration suite runs its own embedded database and broker.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{contracts,db,ingest-gateway,alerting,notifications,ops-console/server,ops-console/web,simulators,cli,bench}/src/**/*.test.ts'],
          // The other projects' suffixes also end in `.test.ts`: each file belongs to one project only.
          exclude: ['**/*.int.test.ts', '**/*.alone.test.ts', '**/*.services.test.ts', '**/*.e2e.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{contracts,db,ingest-gateway,alerting,notifications,ops-console/server,simulators,cli}/src/**/*.int.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The fuzz run bounds every case at 2 s: beside the crash test's killed processes on two
        // cores, it would measure the neighbour. After every other project, alone.
        test: {
          name: 'alone',
          include: ['{contracts,db,ingest-gateway,alerting,notifications,ops-console/server,simulators,cli}/src/**/*.alone.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        // Needs the machine's services or their binaries (mosquitto): only `npm run test:services`.
        test: {
          name: 'services',
          include: ['{contracts,db,ingest-gateway,alerting,notifications,ops-console/server,simulators,cli}/src/**/*.services.test.ts'],
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
