import { defineConfig } from 'vitest/config'

/**
 * Suites that start server processes, a private Postgres or Redis, kill them, or share the machine's
 * Redis between two instances: they time restarts and outages, so they run one at a time, after the
 * in-process suites and before the browser ones, with no other suite taking a core meanwhile.
 */
const processSuites = [
  'bench/resilience.test.ts',
  'docker-compose.test.ts',
  'scripts/client-build.test.ts',
  'server/auth/access-across-instances.test.ts',
  'server/auth/account-cli.test.ts',
  'server/backup/backup-restore.test.ts',
  'server/collab/durability.test.ts',
  'server/collab/private-side-instances.test.ts',
  'server/collab/scale-out.test.ts',
  'server/council-archive/cli.test.ts',
  'server/db/embedded-lock.test.ts',
  'server/deletion/across-instances.test.ts',
  'server/demo/seed.test.ts',
  'server/erasure/erasure-instances.test.ts',
  'server/http/rate-limits.test.ts',
  'server/http/timeouts.test.ts',
]

/**
 * Three groups, one after the other (`sequence.groupOrder`): the in-process suites on two workers (each
 * suite has its own database and its own app; most of their time is waiting on a store or a socket, and
 * about 4 s of each is loading the app), then the process suites alone, then the browser suites alone
 * (Chromium and a server of their own each; their layout checks must not share a core with a suite).
 */
export default defineConfig({
  test: {
    globalSetup: ['./server/testing/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'server/**/*.test.ts',
            'shared/**/*.test.ts',
            'client/**/*.test.{ts,tsx}',
            'bench/**/*.test.ts',
            'scripts/**/*.test.ts',
            '*.test.ts',
          ],
          exclude: processSuites,
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'processes',
          include: processSuites,
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // A page loads its route's code and its data before it shows anything: Vitest's default of 1 s
          // for expect.poll is shorter than a cold page on this 2-core machine. Polls end as soon as they hold.
          expect: { poll: { timeout: 10_000 } },
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
})
