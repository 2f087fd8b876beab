import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll } from 'vitest'
import { type TestClient, waitFor } from '../collab/testing/clients.ts'
import { type RemoteWorkshop, remoteWorkshop } from '../collab/testing/http-fixtures.ts'
import {
  type PrivateRedis,
  type ServerProcess,
  startPrivateRedis,
  startServer,
} from '../collab/testing/processes.ts'
import { openStore, type Store } from '../db/connect.ts'
import { buildTestApp } from './app.ts'
import { createPostgresDatabase } from './stores.ts'

/**
 * Suites of two instances on one Postgres and one Redis. They run when TEST_REDIS_URL and
 * TEST_DATABASE_URL are set (the global setup says when Redis suites are skipped).
 */
export const twoInstancesEnabled = Boolean(process.env.TEST_REDIS_URL && process.env.TEST_DATABASE_URL)

/** A fresh database of its own on the test Postgres. */
type Database = { url: string; drop(): Promise<void> }

/** Two server processes, a workshop made through A, the clients the suite opened. */
export interface TwoServerProcesses {
  database: Database
  /** A Redis of the suite's own, so that a test may stop and start it. */
  redis: PrivateRedis
  /** What both servers were started with (DATABASE_URL, REDIS_URL, `options.env`): to start one again. */
  env: Record<string, string>
  a: ServerProcess
  b: ServerProcess
  workshop: RemoteWorkshop
  /** Clients the suite opened: destroyed before the servers stop. */
  clients: TestClient[]
  /** With `spillFolders`: each instance's KENLABOUR_SPILL_DIR, removed after the suite. */
  spill: { a: string; b: string }
}

/**
 * Registers the suite's hooks: before its tests, a fresh database, a private Redis, servers A and B
 * (`server/main.ts` processes, with `options.env` besides) on both, and a workshop made through A; after them, the clients are
 * destroyed, both servers stopped (SIGTERM, waiting for their exit), Redis stopped and the database
 * dropped. Fields are set once the suite's tests run.
 */
export function twoServerProcesses(
  options: { spillFolders?: boolean; env?: Record<string, string> } = {},
): TwoServerProcesses {
  const servers = { clients: [] as TestClient[] } as TwoServerProcesses
  beforeAll(async () => {
    servers.database = await createPostgresDatabase(process.env.TEST_DATABASE_URL!)
    servers.redis = await startPrivateRedis()
    servers.env = { ...options.env, DATABASE_URL: servers.database.url, REDIS_URL: servers.redis.url }
    const envOf = (name: 'a' | 'b') => {
      if (!options.spillFolders) return servers.env
      servers.spill = { ...servers.spill, [name]: mkdtempSync(join(tmpdir(), `kenlabour-spill-${name}-`)) }
      return { ...servers.env, KENLABOUR_SPILL_DIR: servers.spill[name] }
    }
    servers.a = await startServer(envOf('a'))
    servers.b = await startServer(envOf('b'))
    servers.workshop = await remoteWorkshop(servers.a.origin)
  })
  afterAll(async () => {
    for (const client of servers.clients) client.destroy()
    for (const server of [servers.a, servers.b]) {
      server?.child.kill('SIGTERM')
      await server?.exited
    }
    await servers.redis?.stop()
    await servers.database?.drop()
    for (const folder of Object.values(servers.spill ?? {})) rmSync(folder, { recursive: true, force: true })
  })
  return servers
}

/** Two apps in this process, each with its own store (database pool), rooms and Redis connections. */
export interface TwoApps {
  database: Database
  /** A's store, then B's. */
  stores: Store[]
  a: FastifyInstance
  b: FastifyInstance
  originA: string
  originB: string
  /** Clients the suite opened: destroyed before the apps close. */
  clients: TestClient[]
}

/**
 * Registers the suite's hooks: before its tests, a fresh database, two stores on it and two apps on the
 * test Redis (TEST_REDIS_URL), both listening, ready once both have Redis; after them, the clients are
 * destroyed, the apps and stores closed and the database dropped. In one process, so that a test may
 * call `app.liveBoards` on either, as the routes do.
 */
export function twoApps(): TwoApps {
  const apps = { clients: [] as TestClient[], stores: [] as Store[] } as unknown as TwoApps
  beforeAll(async () => {
    apps.database = await createPostgresDatabase(process.env.TEST_DATABASE_URL!)
    // One after the other: the first runs the migrations.
    apps.stores.push(await openStore({ databaseUrl: apps.database.url, maxConnections: 5 }))
    apps.stores.push(await openStore({ databaseUrl: apps.database.url, maxConnections: 5 }))
    const config = { seedDemo: false, redisUrl: process.env.TEST_REDIS_URL }
    apps.a = await buildTestApp(apps.stores[0]!, { config })
    apps.b = await buildTestApp(apps.stores[1]!, { config })
    apps.originA = await apps.a.listen({ port: 0, host: '127.0.0.1' })
    apps.originB = await apps.b.listen({ port: 0, host: '127.0.0.1' })
    await waitFor(() => Boolean(apps.a.redisReady?.() && apps.b.redisReady?.()), 10_000, 'redis on both')
  })
  afterAll(async () => {
    for (const client of apps.clients) client.destroy()
    await Promise.all([apps.a?.close(), apps.b?.close()])
    for (const store of apps.stores.splice(0)) await store.close()
    await apps.database?.drop()
  })
  return apps
}
