import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll } from 'vitest'
import type { AppOptions } from '../app.ts'
import type { TestClient } from '../collab/testing/clients.ts'
import type { Store } from '../db/connect.ts'
import { buildTestApp } from './app.ts'
import type { StoreTarget } from './stores.ts'

/** A suite's running server: its store, the app listening on a free loopback port, its live clients. */
export interface LiveApp {
  store: Store
  app: FastifyInstance
  /** `http://127.0.0.1:port`, for real y-websocket clients. */
  origin: string
  /** Clients the suite opened: destroyed before the app closes. */
  clients: TestClient[]
}

/**
 * Registers the suite's hooks: before its tests, opens a fresh store of `target`, builds the app and
 * listens; after them, destroys the clients, closes the app and the store. The fields are set once the
 * suite's tests run (read them inside tests and hooks, not at collection time).
 */
export function liveApp(target: StoreTarget, options: Partial<AppOptions> = {}): LiveApp {
  const live = { clients: [] as TestClient[] } as LiveApp
  beforeAll(async () => {
    live.store = await target.open()
    live.app = await buildTestApp(live.store, options)
    live.origin = await live.app.listen({ port: 0, host: '127.0.0.1' })
  })
  afterAll(async () => {
    for (const client of live.clients) client.destroy()
    await live.app?.close()
    await live.store?.close()
  })
  return live
}
