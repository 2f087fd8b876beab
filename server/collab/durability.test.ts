import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Kysely } from 'kysely'
import { PostgresJSDialect } from 'kysely-postgres-js'
import postgres from 'postgres'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Database } from '../db/schema.ts'
import { cleanupsAfterAll } from '../testing/cleanups.ts'
import { createPostgresDatabase } from '../testing/stores.ts'
import { readStoredBoard } from './board-store.ts'
import { authorOf, type IdeaAuthor, ideaText, putIdea, recordIds } from './testing/board-edits.ts'
import { connectClient, eventually, synced, type TestClient, waitFor } from './testing/clients.ts'
import { type RemoteWorkshop, remoteWorkshop } from './testing/http-fixtures.ts'
import { metricOf } from './testing/metrics.ts'
import { type ServerProcess, startPrivatePostgres, startServer } from './testing/processes.ts'

/**
 * Durability with real processes: the server runs as `node server/main.ts` and is killed for real.
 * Edits are tagged idea cards written by a participant; an observer on the same server notes when each
 * one reached it, which is after the server accepted it. "Accepted more than 50 ms before the kill" is
 * therefore judged conservatively from the observer's clock.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Notes when each tagged idea first appears on `watcher`. */
function watchTags(watcher: TestClient): Map<string, number> {
  const seen = new Map<string, number>()
  watcher.doc.getArray<{ key: string }>('records').observe((event) => {
    const now = performance.now()
    for (const item of event.changes.added)
      for (const entry of item.content.getContent() as { key: string }[])
        if (entry.key.startsWith('shape:tag-') && !seen.has(entry.key)) seen.set(entry.key, now)
  })
  return seen
}

/**
 * Writes tagged ideas every few ms until `stop()`; returns how many were written. The writer is the
 * facilitator: a participant may add 30 ideas a minute (shared/collab/limits.ts).
 */
function streamEdits(writer: TestClient, author: IdeaAuthor) {
  let running = true
  let written = 0
  const done = (async () => {
    while (running) {
      putIdea(writer.doc, `shape:tag-${written}`, author, `tag ${written}`)
      written += 1
      // Pacing, not a wait for a result: a fast but steady writer.
      await sleep(4)
    }
  })()
  return {
    get written() {
      return written
    },
    async stop() {
      running = false
      await done
    },
  }
}

/**
 * A workshop on `server`, its facilitator writing a stream of tagged ideas and an observer on the same
 * board noting when each one arrived (accepted by the server).
 */
async function editsUnderWay(server: ServerProcess) {
  const workshop = await remoteWorkshop(server.origin)
  const writer = connectClient(server.origin, workshop.boardId, workshop.facilitator.cookie)
  const watcher = connectClient(server.origin, workshop.boardId, workshop.observer.cookie)
  await Promise.all([synced(writer), synced(watcher)])
  const seen = watchTags(watcher)
  const stream = streamEdits(writer, authorOf(workshop.facilitator))
  return { workshop, writer, watcher, seen, stream }
}

/** Connects a fresh client and returns its synced document. */
async function freshDoc(server: ServerProcess, workshop: RemoteWorkshop): Promise<TestClient> {
  const client = connectClient(server.origin, workshop.boardId, workshop.facilitator.cookie)
  await synced(client, 30_000)
  return client
}

/** No record id appears twice in the raw records array (YKeyValue would hide duplicates). */
function expectNoDuplicates(doc: Y.Doc) {
  const keys = doc
    .getArray<{ key: string }>('records')
    .toArray()
    .map((e) => e.key)
  expect(keys.length).toBe(new Set(keys).size)
}

interface Target {
  name: string
  /** False when its service is not configured: the suite then shows as skipped. */
  available: boolean
  /** Environment for the server process, and cleanup. */
  open(): Promise<{ env: Record<string, string>; close(): Promise<void> }>
}

const targets: Target[] = [
  {
    name: 'pglite',
    available: true,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'kenlabour-data-'))
      return {
        env: { KENLABOUR_DATA_DIR: dir },
        close: async () => rmSync(dir, { recursive: true, force: true }),
      }
    },
  },
  {
    name: 'postgres',
    available: Boolean(process.env.TEST_DATABASE_URL),
    async open() {
      const database = await createPostgresDatabase(process.env.TEST_DATABASE_URL!)
      return { env: { DATABASE_URL: database.url }, close: () => database.drop() }
    },
  },
]

describe.each(targets)('durability with real processes ($name)', { timeout: 120_000 }, (target) => {
  // Without TEST_DATABASE_URL the Postgres half shows as skipped rather than vanishing.
  describe.skipIf(!target.available)('on this store', () => {
    const cleanups = cleanupsAfterAll()
    /** A store of this target and a server on it, both cleaned up after the suite. */
    const serverOnNewStore = async () => {
      const storage = await target.open()
      cleanups.push(() => storage.close())
      const first = await startServer(storage.env)
      cleanups.push(() => void first.child.kill('SIGKILL'))
      return { storage, first }
    }

    it('kill -9 in the middle of a stream of edits: every edit accepted 50 ms before the kill is there, once', async () => {
      const { storage, first } = await serverOnNewStore()
      const { workshop, writer, watcher, seen, stream } = await editsUnderWay(first)
      // A stream well under way: 300 edits accepted (some 1.5 s).
      await waitFor(() => seen.size >= 300, 20_000, '300 edits accepted')
      const killedAt = performance.now()
      first.child.kill('SIGKILL')
      await stream.stop()
      // The clients go away with the server: only what the server stored may come back.
      writer.destroy()
      watcher.destroy()
      await first.exited

      const second = await startServer(storage.env)
      cleanups.push(() => void second.child.kill('SIGKILL'))
      const reader = await freshDoc(second, workshop)
      const due = [...seen].filter(([, at]) => at < killedAt - 50).map(([key]) => key)
      expect(due.length).toBeGreaterThan(50)
      const missing = due.filter((key) => ideaText(reader.doc, key) === undefined)
      expect(missing, `${missing.length} of ${due.length} accepted edits lost`).toEqual([])
      expectNoDuplicates(reader.doc)
      console.log(
        `kill -9 (${target.name}): ${stream.written} written, ${seen.size} accepted, ${due.length} due, ` +
          `${recordIds(reader.doc).filter((k) => k.startsWith('shape:tag-')).length} after restart`,
      )
      reader.destroy()
      second.child.kill('SIGTERM')
      await second.exited
    })

    it('SIGTERM right after a burst of edits: everything accepted is there after the restart', async () => {
      const { storage, first } = await serverOnNewStore()
      const { workshop, writer, watcher, seen, stream } = await editsUnderWay(first)
      await waitFor(() => seen.size >= 150, 20_000, '150 edits accepted')
      await stream.stop()
      await waitFor(() => seen.size === stream.written, 10_000, 'all edits accepted')
      // At once: the last edits may still be in the write buffer or in flight.
      first.child.kill('SIGTERM')
      expect(await first.exited).toBe(0)
      writer.destroy()
      watcher.destroy()

      const second = await startServer(storage.env)
      cleanups.push(() => void second.child.kill('SIGKILL'))
      const reader = await freshDoc(second, workshop)
      const missing = [...seen.keys()].filter((key) => ideaText(reader.doc, key) === undefined)
      expect(missing).toEqual([])
      expect(seen.size).toBe(stream.written)
      expectNoDuplicates(reader.doc)
      reader.destroy()
      second.child.kill('SIGTERM')
      await second.exited
    })
  })
})

describe.runIf(process.env.TEST_DATABASE_URL)(
  'durability across a Postgres restart (own postgres)',
  { timeout: 120_000 },
  () => {
    it('keeps clients editing while Postgres restarts, retries the writes, and loses nothing', async () => {
      const pg = await startPrivatePostgres()
      let server: ServerProcess | undefined
      try {
        server = await startServer({ DATABASE_URL: pg.url })
        const { workshop, writer, watcher, seen, stream } = await editsUnderWay(server)
        await waitFor(() => seen.size >= 100, 20_000, '100 edits accepted')
        await pg.stop()
        // Postgres is down: the server's writes fail, and edits keep flowing between clients meanwhile.
        const failures = () => metricOf(server!, 'kenlabour_collab_persist_failures_total')
        const failuresBefore = await failures()
        await eventually(
          async () => ((await failures()) > failuresBefore ? true : undefined),
          10_000,
          'a failed write',
        )
        const duringOutage = seen.size
        await waitFor(() => seen.size > duringOutage + 50, 10_000, '50 edits during the outage')
        await pg.start()
        // Edits flow on after the restart too.
        const afterRestart = seen.size
        await waitFor(() => seen.size > afterRestart + 50, 10_000, '50 edits after the restart')
        await stream.stop()
        await waitFor(() => seen.size === stream.written, 10_000, 'all edits accepted')
        expect(writer.closes).toEqual([])

        // Everything reaches the log once Postgres is back (the retry backoff is at most 2 s).
        const sql = postgres(pg.url, { max: 1, onnotice: () => {} })
        const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: sql }) })
        try {
          const missingNow = async () => {
            const stored = await readStoredBoard(db, workshop.boardId)
            const doc = new Y.Doc()
            if (stored?.snapshot) Y.applyUpdate(doc, stored.snapshot)
            for (const row of stored?.updates ?? []) Y.applyUpdate(doc, row.data)
            return [...seen.keys()].filter((key) => ideaText(doc, key) === undefined)
          }
          let missing: string[] = []
          await eventually(
            async () => {
              missing = await missingNow()
              return missing.length === 0 ? true : undefined
            },
            10_000,
            'every edit stored',
            200,
          ).catch(() => {})
          expect(missing, `${missing.length} of ${seen.size} edits not stored`).toEqual([])
        } finally {
          await db.destroy()
        }
        writer.destroy()
        watcher.destroy()
        server.child.kill('SIGTERM')
        expect(await server.exited).toBe(0)
      } finally {
        server?.child.kill('SIGKILL')
        await pg.destroy()
      }
    })

    it('a shutdown while Postgres is down keeps the unstored edits on disk and stores them at the next start', async () => {
      const pg = await startPrivatePostgres()
      const spillDir = mkdtempSync(join(tmpdir(), 'kenlabour-spill-'))
      const env = { DATABASE_URL: pg.url, KENLABOUR_SPILL_DIR: spillDir, KENLABOUR_SHUTDOWN_FLUSH_MS: '1500' }
      let server: ServerProcess | undefined
      try {
        server = await startServer(env)
        const workshop = await remoteWorkshop(server.origin)
        const writer = connectClient(server.origin, workshop.boardId, workshop.participant.cookie)
        const watcher = connectClient(server.origin, workshop.boardId, workshop.observer.cookie)
        await Promise.all([synced(writer), synced(watcher)])
        const seen = watchTags(watcher)
        await pg.stop()
        for (let i = 0; i < 5; i++)
          putIdea(writer.doc, `shape:tag-${i}`, authorOf(workshop.participant), `panne ${i}`)
        await waitFor(() => seen.size === 5, 10_000, 'the edits accepted by the server')
        // Only the server holds them now.
        writer.destroy()
        watcher.destroy()
        server.child.kill('SIGTERM')
        expect(await server.exited).toBe(0)
        expect(readdirSync(spillDir).filter((name) => name.endsWith('.kbupdates'))).toHaveLength(1)

        await pg.start()
        server = await startServer(env)
        const reader = connectClient(server.origin, workshop.boardId, workshop.observer.cookie)
        await synced(reader)
        for (let i = 0; i < 5; i++)
          expect(ideaText(reader.doc, `shape:tag-${i}`), server.output()).toBe(`panne ${i}`)
        expect(readdirSync(spillDir)).toEqual([])
        reader.destroy()
      } finally {
        server?.child.kill('SIGKILL')
        await pg.destroy()
        rmSync(spillDir, { recursive: true, force: true })
      }
    })
  },
)
