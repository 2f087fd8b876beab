import { afterAll } from 'vitest'

/** Something a test started and must stop or remove: a server process, a store, a folder. */
export type Cleanup = () => Promise<void> | void

/**
 * Registers an `afterAll` that runs, the last pushed first, the cleanups the suite's tests push onto the
 * list returned, whether the tests passed or not.
 */
export function cleanupsAfterAll(): Cleanup[] {
  const cleanups: Cleanup[] = []
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup()
  })
  return cleanups
}
