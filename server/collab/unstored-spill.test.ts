import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Store } from '../db/connect.ts'
import { buildTestApp } from '../testing/app.ts'
import { storeTargets } from '../testing/stores.ts'
import { workshopWithGuests } from '../testing/workshops.ts'
import { loadBoard } from './board-loader.ts'
import { replayUnstored, spillUnstored } from './unstored-spill.ts'

function probe(key: string, value: number): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap('probe').set(key, value)
  return Y.encodeStateAsUpdate(doc)
}

describe('updates spilled at shutdown, replayed at the next start', () => {
  let store: Store
  let app: FastifyInstance
  let dir: string

  beforeAll(async () => {
    store = await storeTargets[0]!.open()
    app = await buildTestApp(store)
    dir = mkdtempSync(join(tmpdir(), 'kenlabour-spill-test-'))
  })
  afterAll(async () => {
    await app.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('stores what belongs to a board here and keeps what it cannot store', async () => {
    const { workshop } = await workshopWithGuests(app)
    spillUnstored(dir, workshop.boardId, [probe('a', 1), probe('b', 2)])
    const elsewhere = spillUnstored(dir, 'a-board-of-another-database', [probe('c', 3)])
    const garbage = join(dir, '0-garbage.kbupdates')
    writeFileSync(garbage, new Uint8Array([5, 1, 2]))
    // Cut short while being written: never read.
    writeFileSync(join(dir, '1-cut.kbupdates.partial'), new Uint8Array([1]))

    expect(await replayUnstored(store.db, dir, app.log)).toEqual({ replayed: 1, kept: 2 })
    const board = await loadBoard(store.db, workshop.boardId, () => new Y.Doc())
    expect(board.doc.getMap('probe').toJSON()).toEqual({ a: 1, b: 2 })
    expect(readdirSync(dir).sort()).toEqual(
      ['0-garbage.kbupdates', '1-cut.kbupdates.partial', elsewhere.slice(dir.length + 1)].sort(),
    )
    // Replaying again changes nothing for what is already stored.
    expect(await replayUnstored(store.db, dir, app.log)).toEqual({ replayed: 0, kept: 2 })
  })
})
