import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import * as Y from 'yjs'
import { readStoredBoard } from '../collab/board-store.ts'
import { spillUnstored } from '../collab/unstored-spill.ts'
import { openStore, type Store } from '../db/connect.ts'
import { addIdea } from '../projects/testing/example-board.ts'
import { convert, exampleWorkshop } from '../projects/testing/example-workshop.ts'
import { buildTestApp, signUp } from '../testing/app.ts'
import { idsWhere } from '../testing/row-ids.ts'
import { runScript } from '../testing/scripts.ts'
import { createPostgresDatabase, describeEachStore } from '../testing/stores.ts'
import { type CouncilCommandContext, runCouncilCommand } from './cli.ts'
import { jsonOf, unzip } from './testing/archive-files.ts'

describeEachStore('npm run council ($name)', (target) => {
  let source: Store
  let app: FastifyInstance
  let destination: Store
  let councilId: string
  let boardId: string
  const written = new Map<string, Uint8Array>()

  beforeAll(async () => {
    source = await target.open()
    app = await buildTestApp(source)
    const { facilitator, workshop } = await exampleWorkshop(app)
    expect((await convert(app, facilitator.cookie, workshop.id)).statusCode).toBe(201)
    councilId = facilitator.councilId
    boardId = workshop.boardId
    destination = await target.open()
  })
  afterAll(async () => {
    await app?.close()
    await source?.close()
    await destination?.close()
  })

  function context(store: Store, extra: Partial<CouncilCommandContext> = {}) {
    const lines: string[] = []
    const ctx: CouncilCommandContext = {
      db: store.db,
      instanceVersion: '0.1.0-test',
      readFile: async (path) => {
        const bytes = written.get(path)
        if (!bytes) throw new Error(`ENOENT: no such file, open '${path}'`)
        return bytes
      },
      writeFile: async (path, bytes) => {
        written.set(path, bytes)
      },
      out: (line) => lines.push(line),
      ...extra,
    }
    return { ctx, lines, output: () => lines.join('\n') }
  }

  it('exports a council to a file, and imports it into another store', async () => {
    const out = context(source)
    expect(await runCouncilCommand(['export', '--out', 'leon.zip', '--council', councilId], out.ctx)).toBe(0)
    expect(out.output()).toMatch(
      /^Council «.+» \(.+\) exported to leon\.zip \(\d+ bytes\): 1 member\(s\), 1 contract\(s\), 1 workshop\(s\)/,
    )
    const files = await unzip(written.get('leon.zip')!)
    expect(jsonOf(files, 'manifest.json').council.id).toBe(councilId)

    const into = context(destination)
    expect(await runCouncilCommand(['import', 'leon.zip'], into.ctx)).toBe(0)
    expect(into.output()).toMatch(new RegExp(`imported as ${councilId}: 1 member\\(s\\)`))
    expect(into.output()).toMatch(/Members have no password yet: give each a reset link/)
    expect(await snapshotBytes(destination.db, boardId)).toBeGreaterThan(0)

    // Again into the same store: a second council, with new ids and the address set aside.
    const again = context(destination)
    expect(await runCouncilCommand(['import', 'leon.zip'], again.ctx)).toBe(0)
    expect(again.output()).toMatch(/\d+ id\(s\) already taken in this store were given new ones/)
    expect(again.output()).toMatch(
      /is already used by an account here: that member signs in as .+\+imported-/,
    )
  })

  it('chooses the only council, or asks which one; names a council that does not exist', async () => {
    const alone = context(destination)
    // The destination holds two councils now (the test above).
    expect(await runCouncilCommand(['export', '--out=x.zip'], alone.ctx)).toBe(2)
    expect(alone.output()).toMatch(/several councils: choose one with --council ID/)
    expect(alone.output()).toContain(councilId)
    const unknown = context(source)
    expect(
      await runCouncilCommand(['export', '--out', 'y.zip', '--council', crypto.randomUUID()], unknown.ctx),
    ).toBe(1)
    expect(unknown.output()).toMatch(/No council with the id/)
    expect(written.has('y.zip')).toBe(false)
  })

  it('stores the updates a shutdown left in the spill folder before it exports', async () => {
    const spillDir = await mkdtemp(join(tmpdir(), 'kenlabour-spill-'))
    try {
      // An edit the board's room could not store before a shutdown, as the spill folder keeps it.
      const doc = new Y.Doc()
      const board = (await readStoredBoard(source.db, boardId))!
      if (board.snapshot) Y.applyUpdate(doc, board.snapshot)
      for (const row of board.updates) Y.applyUpdate(doc, row.data)
      const before = Y.encodeStateVector(doc)
      addIdea(doc, 'shape:spilled', 9000, 9000, { text: 'Restée sur le disque', authorName: 'Anna' })
      spillUnstored(spillDir, boardId, [Y.encodeStateAsUpdate(doc, before)])
      const run = context(source, { spillDir })
      expect(
        await runCouncilCommand(['export', '--out', 'spilled.zip', '--council', councilId], run.ctx),
      ).toBe(0)
      expect(run.output()).toMatch(/1 file\(s\) of updates left unstored at the last shutdown are now stored/)
      const files = await unzip(written.get('spilled.zip')!)
      expect(jsonOf(files, `boards/${boardId}/document.json`).records['shape:spilled'].props.text).toBe(
        'Restée sur le disque',
      )
      expect(await readdir(spillDir)).toEqual([])
    } finally {
      await rm(spillDir, { recursive: true, force: true })
    }
  })

  it('refuses a wrong file with its reason and exit code 1, and a wrong command with the usage', async () => {
    written.set('notes.txt', new TextEncoder().encode('pas une archive'))
    const refused = context(destination)
    expect(await runCouncilCommand(['import', 'notes.txt'], refused.ctx)).toBe(1)
    expect(refused.output()).toMatch(
      /^Import refused \(not_an_archive\): Not a zip archive .* Nothing was written\.$/,
    )
    const missing = context(destination)
    expect(await runCouncilCommand(['import', 'absent.zip'], missing.ctx)).toBe(1)
    expect(missing.output()).toMatch(/^Cannot read absent\.zip: ENOENT/)
    for (const args of [
      [],
      ['export'],
      ['export', '--out'],
      ['export', '--out', 'a.zip', '--council'],
      ['export', '--out', 'a.zip', '--frobnicate'],
      ['import'],
      ['import', 'a.zip', 'b.zip'],
      ['delete-everything'],
    ]) {
      const usage = context(destination)
      expect(await runCouncilCommand(args, usage.ctx), args.join(' ')).toBe(2)
      expect(usage.output()).toMatch(/^Usage: npm run council/)
    }
  })
})

/** Runs scripts/council.ts as the operator would, with `env`; resolves with its exit code and output. */
/** The size of a board's stored snapshot, in bytes (undefined without one). */
async function snapshotBytes(db: Store['db'], boardId: string): Promise<number | undefined> {
  const board = await db.selectFrom('boards').select('snapshot').where('id', '=', boardId).executeTakeFirst()
  return board?.snapshot?.byteLength
}

/** `npm run council` with `args`, on the store `env` names (no Redis, no database unless named). */
const runCouncil = (args: string[], env: Record<string, string>) =>
  runScript('scripts/council.ts', args, { REDIS_URL: '', DATABASE_URL: '', ...env })

/** A council with a converted workshop, written into the store `options` opens, which is then closed. */
async function seedStore(
  options: Parameters<typeof openStore>[0],
): Promise<{ councilId: string; boardId: string }> {
  const store = await openStore(options)
  const app = await buildTestApp(store)
  try {
    const { facilitator, workshop } = await exampleWorkshop(app, await signUp(app))
    expect((await convert(app, facilitator.cookie, workshop.id)).statusCode).toBe(201)
    return { councilId: facilitator.councilId, boardId: workshop.boardId }
  } finally {
    await app.close()
    await store.close()
  }
}

describe('scripts/council.ts as the operator runs it', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kenlabour-council-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('prints the usage with exit code 2 without opening a store', async () => {
    const dataDir = join(dir, 'never-created')
    const { code, output } = await runCouncil(['export'], { KENLABOUR_DATA_DIR: dataDir })
    expect(code).toBe(2)
    expect(output).toMatch(/^Usage: npm run council/)
    expect(existsSync(dataDir)).toBe(false)
  })

  it('exports from one embedded store and imports into another (KENLABOUR_DATA_DIR)', {
    timeout: 120_000,
  }, async () => {
    const from = join(dir, 'from')
    const into = join(dir, 'into')
    const file = join(dir, 'conseil.zip')
    // Both folders start from the migrated template (an initdb each would take seconds).
    const template = new Blob([await readFile(inject('pgliteTemplatePath'))])
    const { councilId, boardId } = await seedStore({ dataDir: from, embeddedTemplate: template })
    await (await openStore({ dataDir: into, embeddedTemplate: template })).close()
    const exported = await runCouncil(['export', '--out', file], {
      KENLABOUR_DATA_DIR: from,
      KENLABOUR_SPILL_DIR: join(dir, 'spill'),
    })
    expect(exported.code, exported.output).toBe(0)
    expect(exported.output).toContain(`(${councilId}) exported to ${file}`)
    // Written whole, under its name only.
    expect((await readdir(dir)).filter((name) => name.endsWith('.partial'))).toEqual([])

    const imported = await runCouncil(['import', file], { KENLABOUR_DATA_DIR: into })
    expect(imported.code, imported.output).toBe(0)
    const store = await openStore({ dataDir: into })
    try {
      expect(await snapshotBytes(store.db, boardId)).toBeGreaterThan(0)
    } finally {
      await store.close()
    }

    await writeFile(join(dir, 'broken.zip'), (await readFile(file)).subarray(0, 200))
    const broken = await runCouncil(['import', join(dir, 'broken.zip')], { KENLABOUR_DATA_DIR: into })
    expect(broken.code).toBe(1)
    expect(broken.output).toMatch(/Import refused \(not_an_archive\)/)
  })

  const testDatabaseUrl = process.env.TEST_DATABASE_URL
  it.runIf(testDatabaseUrl)(
    'exports from one Postgres database and imports into another (DATABASE_URL)',
    async () => {
      const from = await createPostgresDatabase(testDatabaseUrl!)
      const into = await createPostgresDatabase(testDatabaseUrl!)
      try {
        const file = join(dir, 'postgres.zip')
        const { councilId } = await seedStore({ databaseUrl: from.url, maxConnections: 2 })
        const exported = await runCouncil(['export', '--out', file, '--council', councilId], {
          DATABASE_URL: from.url,
        })
        expect(exported.code, exported.output).toBe(0)
        const imported = await runCouncil(['import', file], { DATABASE_URL: into.url })
        expect(imported.code, imported.output).toBe(0)
        expect(imported.output).toContain(`imported as ${councilId}`)
        const store = await openStore({ databaseUrl: into.url, maxConnections: 2 })
        try {
          const projects = await idsWhere(store.db, 'projects', 'council_id', councilId)
          expect(projects).toHaveLength(3)
        } finally {
          await store.close()
        }
      } finally {
        await from.drop()
        await into.drop()
      }
    },
  )
})
