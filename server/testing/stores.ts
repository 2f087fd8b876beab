import { readFile } from 'node:fs/promises'
import postgres from 'postgres'
import { describe, inject } from 'vitest'
import { openStore, type Store } from '../db/connect.ts'

/**
 * The stores every store-backed suite runs against: embedded PGlite always, and a real Postgres when
 * TEST_DATABASE_URL is set. Suites use describeEachStore (below).
 */
export interface StoreTarget {
  name: 'pglite' | 'postgres'
  /** Opens a fresh, migrated, empty store of this kind. */
  open(): Promise<Store>
}

const testDatabaseUrl = process.env.TEST_DATABASE_URL

export const storeTargets: StoreTarget[] = [
  { name: 'pglite', open: openEmbeddedFromTemplate },
  ...(testDatabaseUrl ? [{ name: 'postgres' as const, open: () => openFreshPostgres(testDatabaseUrl) }] : []),
]

/**
 * `describe.each(storeTargets)` that keeps the Postgres half in the report when TEST_DATABASE_URL is
 * unset: its tests show as skipped instead of vanishing, so a run without Postgres cannot pass for a
 * whole one. Titles may use `$name`.
 */
export function describeEachStore(title: string, suite: (target: StoreTarget) => void): void {
  describe.each(storeTargets)(title, suite)
  if (!testDatabaseUrl) describe.skip.each([postgresUnavailable])(title, suite)
}

const postgresUnavailable: StoreTarget = {
  name: 'postgres',
  open: () => Promise.reject(new Error('TEST_DATABASE_URL is not set')),
}

let template: Promise<Blob> | undefined

/**
 * A fresh in-memory PGlite loaded from the migrated template that the global setup dumped: a few hundred
 * milliseconds instead of an initdb of about two seconds per suite. Migrations still run (a no-op).
 */
async function openEmbeddedFromTemplate(): Promise<Store> {
  template ??= readFile(inject('pgliteTemplatePath')).then((bytes) => new Blob([bytes]))
  return openStore({ dataDir: 'memory://', embeddedTemplate: await template })
}

/**
 * Creates a database of its own for one suite on the test server, so suites running in parallel never
 * see each other's rows; it is dropped when the store closes.
 */
export async function openFreshPostgres(adminUrl: string): Promise<Store> {
  const database = await createPostgresDatabase(adminUrl)
  const store = await openStore({ databaseUrl: database.url, maxConnections: 5 })
  return {
    ...store,
    close: async () => {
      await store.close()
      await database.drop()
    },
  }
}

/** A fresh Postgres URL (its own database) for tests that start server processes. */
export async function createPostgresDatabase(
  adminUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `kenlabour_test_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: async () => {
      const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} })
      await cleanup.unsafe(`drop database if exists ${name} with (force)`)
      await cleanup.end()
    },
  }
}
