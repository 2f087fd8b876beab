import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll } from 'vitest'
import type { AppOptions } from '../app.ts'
import { connectClient, synced, type TestClient } from '../collab/testing/clients.ts'
import type { Store } from '../db/connect.ts'
import { buildTestApp } from './app.ts'
import type { StoreTarget } from './stores.ts'

/** A suite's store, set once the suite's tests run. */
export interface SuiteStore {
  store: Store
}

/**
 * Registers the suite's hooks: before its tests, opens a fresh store of `target`; after them, closes it.
 * The field is set once the suite's tests run (read it inside tests and hooks, not at collection time).
 */
export function suiteStore(target: StoreTarget): SuiteStore {
  const suite = {} as SuiteStore
  beforeAll(async () => {
    suite.store = await target.open()
  })
  afterAll(async () => {
    await suite.store?.close()
  })
  return suite
}

/** A suite's server for `app.inject`: its store and its app, set once the suite's tests run. */
export interface SuiteApp extends SuiteStore {
  app: FastifyInstance
}

/**
 * `suiteStore`, with an app: after the store is open, builds the app on it; after the tests, closes the
 * app before the store (vitest runs `afterAll` hooks in the reverse order of their registration).
 */
export function suiteApp(target: StoreTarget, options: Partial<AppOptions> = {}): SuiteApp {
  const suite = suiteStore(target) as SuiteApp
  beforeAll(async () => {
    suite.app = await buildTestApp(suite.store, options)
  })
  afterAll(async () => {
    await suite.app?.close()
  })
  return suite
}

/** A suite's running server: its store, the app listening on a free loopback port, its live clients. */
export interface LiveApp extends SuiteApp {
  /** `http://127.0.0.1:port`, for real y-websocket clients. */
  origin: string
  /** Clients the suite opened: destroyed before the app closes. */
  clients: TestClient[]
  /** Opens a client on `boardId` with `cookie`, kept in `clients`. */
  connect(boardId: string, cookie: string): TestClient
  /** `connect`, resolved once the client has synced with the server. */
  connectSynced(boardId: string, cookie: string): Promise<TestClient>
}

/**
 * `suiteApp`, listening: after the store and app are ready, listens on a free loopback port; after the
 * tests, destroys the clients before the app and the store close (vitest runs `afterAll` hooks in the
 * reverse order of their registration).
 */
export function liveApp(target: StoreTarget, options: Partial<AppOptions> = {}): LiveApp {
  const live = Object.assign(suiteApp(target, options), {
    clients: [] as TestClient[],
    connect(boardId: string, cookie: string) {
      const client = connectClient(live.origin, boardId, cookie)
      live.clients.push(client)
      return client
    },
    async connectSynced(boardId: string, cookie: string) {
      const client = live.connect(boardId, cookie)
      await synced(client)
      return client
    },
  }) as LiveApp
  beforeAll(async () => {
    live.origin = await live.app.listen({ port: 0, host: '127.0.0.1' })
  })
  afterAll(() => {
    for (const client of live.clients) client.destroy()
  })
  return live
}
