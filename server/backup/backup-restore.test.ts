import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Kysely } from 'kysely'
import { PostgresJSDialect } from 'kysely-postgres-js'
import postgres from 'postgres'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readStoredBoard } from '../collab/board-store.ts'
import { authorOf, ideaText, putIdea } from '../collab/testing/board-edits.ts'
import { connectClient, eventually, synced, type TestClient, waitFor } from '../collab/testing/clients.ts'
import { remoteWorkshop } from '../collab/testing/http-fixtures.ts'
import { type ServerProcess, startServer } from '../collab/testing/processes.ts'
import { spillUnstored } from '../collab/unstored-spill.ts'
import type { Database } from '../db/schema.ts'
import { cleanupsAfterAll } from '../testing/cleanups.ts'
import { createPostgresDatabase } from '../testing/stores.ts'
import type { BackupManifest } from './manifest.ts'

const execFileAsync = promisify(execFile)

/**
 * A backup restored into a fresh store opens the same board: data made through the real app (an
 * account, a workshop, cards written by a participant's y-websocket client, and edits left in the spill
 * folder as a shutdown during an outage leaves them), `npm run backup`, `npm run restore` into another
 * store, a server started on it, and a y-websocket client that finds every card. The commands run as
 * processes, as an operator runs them.
 */

/** Runs `scripts/<name>.ts` with `env`; resolves with its exit code and output, whatever the code. */
async function command(name: 'backup' | 'restore', args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [`scripts/${name}.ts`, ...args], {
      env: { ...process.env, DATABASE_URL: '', KENLABOUR_DATA_DIR: '', ...env },
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' }
  }
}

interface Target {
  name: 'pglite' | 'postgres'
  available: boolean
  /** A fresh, empty store: the environment that names it, and its removal. */
  fresh(): Promise<{ env: Record<string, string>; drop(): Promise<void> }>
}

const temporary = (prefix: string) => mkdtempSync(join(tmpdir(), prefix))

const targets: Target[] = [
  {
    name: 'pglite',
    available: true,
    async fresh() {
      const parent = temporary('kenlabour-restore-')
      // Not created yet: the restore creates the data folder.
      const dataDir = join(parent, 'data')
      return {
        env: { KENLABOUR_DATA_DIR: dataDir, KENLABOUR_SPILL_DIR: join(parent, 'unstored') },
        drop: async () => rmSync(parent, { recursive: true, force: true }),
      }
    },
  },
  {
    name: 'postgres',
    available: Boolean(process.env.TEST_DATABASE_URL),
    async fresh() {
      const database = await createPostgresDatabase(process.env.TEST_DATABASE_URL!)
      const spill = temporary('kenlabour-restore-spill-')
      return {
        env: { DATABASE_URL: database.url, KENLABOUR_SPILL_DIR: spill },
        drop: async () => {
          await database.drop()
          rmSync(spill, { recursive: true, force: true })
        },
      }
    },
  },
]

const cards = [
  ['shape:backup-1', 'Des navettes vers la gare'],
  ['shape:backup-2', 'Un tiers-lieu dans chaque bourg'],
  ['shape:backup-3', 'Covoiturage entre les communes'],
] as const
const spilledCard = ['shape:backup-spilled', 'Écrit juste avant la panne'] as const

/** Waits until the board's stored log (Postgres) holds every card. */
async function storedInPostgres(url: string, boardId: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: sql }) })
  try {
    await eventually(
      async () => {
        const stored = await readStoredBoard(db, boardId)
        const doc = new Y.Doc()
        if (stored?.snapshot) Y.applyUpdate(doc, stored.snapshot)
        for (const row of stored?.updates ?? []) Y.applyUpdate(doc, row.data)
        return cards.every(([id]) => ideaText(doc, id) !== undefined) ? true : undefined
      },
      10_000,
      'the cards in the stored log',
      100,
    )
  } finally {
    await db.destroy()
  }
}

describe.each(targets)('backup and restore ($name)', { timeout: 180_000 }, (target) => {
  describe.skipIf(!target.available)('on this store', () => {
    const cleanups = cleanupsAfterAll()

    it('restores into a fresh store a backup whose board opens with the same cards, spilled edits included', async () => {
      const source = await target.fresh()
      cleanups.push(() => source.drop())
      const sourceEnv = source.env
      const first: ServerProcess = await startServer(sourceEnv)
      cleanups.push(() => void first.child.kill('SIGKILL'))
      const workshop = await remoteWorkshop(first.origin)
      const author = authorOf(workshop.participant)

      // A participant writes the cards with the real y-websocket provider; an observer sees them accepted.
      const writer = connectClient(first.origin, workshop.boardId, workshop.participant.cookie)
      const watcher = connectClient(first.origin, workshop.boardId, workshop.observer.cookie)
      await Promise.all([synced(writer), synced(watcher)])
      for (const [id, text] of cards) putIdea(writer.doc, id, author, text)
      await waitFor(() => cards.every(([id, text]) => ideaText(watcher.doc, id) === text))
      expect(writer.refused).toEqual([])

      // One more edit, accepted but never stored: what a shutdown during a Postgres outage leaves in the
      // spill folder (collab/unstored-spill.ts), as a delta of the board the writer holds.
      const before = Y.encodeStateVector(writer.doc)
      writer.provider.disconnect()
      putIdea(writer.doc, spilledCard[0], author, spilledCard[1])
      spillUnstored(sourceEnv.KENLABOUR_SPILL_DIR!, workshop.boardId, [
        Y.encodeStateAsUpdate(writer.doc, before),
      ])
      writer.destroy()
      watcher.destroy()

      const backupParent = temporary('kenlabour-backup-')
      cleanups.push(() => rmSync(backupParent, { recursive: true, force: true }))
      const backupDir = join(backupParent, 'nightly')
      if (target.name === 'pglite') {
        // The embedded store is backed up with the server stopped: while it runs, the backup refuses.
        const refused = await command('backup', ['--out', backupDir], sourceEnv)
        expect(refused.code, refused.stderr).toBe(1)
        expect(refused.stderr).toMatch(/is open in process \d+ .*stop it first/s)
        expect(readdirSync(backupParent)).toEqual([])
        first.child.kill('SIGTERM')
        expect(await first.exited).toBe(0)
      } else {
        // Postgres is backed up live, once the cards are stored.
        await storedInPostgres(sourceEnv.DATABASE_URL!, workshop.boardId)
      }
      const backup = await command('backup', ['--out', backupDir], sourceEnv)
      expect(backup.code, backup.stderr).toBe(0)
      expect(backup.stdout).toContain(`Backup written to ${backupDir}`)
      expect(readdirSync(backupParent)).toEqual(['nightly'])
      const manifest = JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8')) as BackupManifest
      expect(manifest).toMatchObject({
        format: 'kenlabour-backup',
        version: 1,
        store: target.name === 'pglite' ? 'embedded' : 'postgres',
      })
      expect(manifest.migrations.length).toBeGreaterThan(0)
      expect(manifest.unstored).toHaveLength(1)
      if (target.name === 'postgres') {
        expect(manifest.database.path).toBe('database.pgdump')
        expect(manifest.database.tool).toMatch(/^pg_dump \(PostgreSQL\) \d+/)
        first.child.kill('SIGTERM')
        expect(await first.exited).toBe(0)
      } else expect(manifest.database.path).toBe('pglite-data.tar.gz')

      // A fresh store.
      const fresh = await target.fresh()
      cleanups.push(() => fresh.drop())
      const restore = await command('restore', [backupDir], fresh.env)
      expect(restore.code, restore.stderr).toBe(0)
      expect(restore.stdout).toMatch(/1 council\(s\), 1 account\(s\), 1 workshop\(s\), 1 board\(s\)/)
      expect(restore.stdout).toContain('1 spilled file(s)')
      // Once restored, the store is no longer empty: a second restore is refused without --force.
      const again = await command('restore', [backupDir], fresh.env)
      expect(again.code).toBe(1)
      expect(again.stderr).toMatch(/not empty.*--force/s)

      // The app on the restored store: the same board, every card, the spilled one stored at start. The
      // facilitator's session was restored too, so their cookie still opens the board.
      const second = await startServer(fresh.env)
      cleanups.push(() => void second.child.kill('SIGKILL'))
      const reader: TestClient = connectClient(second.origin, workshop.boardId, workshop.facilitator.cookie)
      await synced(reader, 30_000)
      for (const [id, text] of [...cards, spilledCard]) expect(ideaText(reader.doc, id), id).toBe(text)
      const record = (reader.doc.getArray('records').toArray() as { key: string; val: any }[]).find(
        (entry) => entry.key === cards[0][0],
      )
      expect(record?.val.props).toMatchObject({ authorId: author.id, authorName: author.name })
      expect(readdirSync(fresh.env.KENLABOUR_SPILL_DIR!)).toEqual([])
      reader.destroy()

      // While that server runs, --force is refused too: a restore never goes under a live server.
      const underServer = await command('restore', [backupDir, '--force'], fresh.env)
      expect(underServer.code).toBe(1)
      expect(underServer.stderr).toMatch(
        target.name === 'pglite' ? /is open in process/ : /running Kenlabour server/,
      )
      second.child.kill('SIGTERM')
      expect(await second.exited).toBe(0)

      // Server stopped: --force replaces what the store holds (the embedded folder is set aside, kept).
      const forced = await command('restore', [backupDir, '--force'], fresh.env)
      expect(forced.code, forced.stderr).toBe(0)
      expect(forced.stdout).toMatch(/1 council\(s\), 1 account\(s\), 1 workshop\(s\), 1 board\(s\)/)
      if (target.name === 'pglite') {
        const setAside = forced.stdout.match(/now (\S+\.replaced-\S+):/)?.[1]
        expect(setAside && readdirSync(setAside)).toContain('PG_VERSION')
      }
    })
  })
})
