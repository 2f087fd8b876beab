import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { suiteApp } from '../testing/live-app.ts'
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
  let dir: string
  // Registered first, so it runs after the fixture's own (afterAll hooks run in reverse order).
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
  })
  const suite = suiteApp(storeTargets[0]!)
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kenlabour-spill-test-'))
  })

  it('stores what belongs to a board here and keeps what it cannot store', async () => {
    const { workshop } = await workshopWithGuests(suite.app)
    spillUnstored(dir, workshop.boardId, [probe('a', 1), probe('b', 2)])
    const elsewhere = spillUnstored(dir, 'a-board-of-another-database', [probe('c', 3)])
    const garbage = join(dir, '0-garbage.kbupdates')
    writeFileSync(garbage, new Uint8Array([5, 1, 2]))
    // Cut short while being written: never read.
    writeFileSync(join(dir, '1-cut.kbupdates.partial'), new Uint8Array([1]))

    expect(await replayUnstored(suite.store.db, dir, suite.app.log)).toEqual({ replayed: 1, kept: 2 })
    const board = await loadBoard(suite.store.db, workshop.boardId, () => new Y.Doc())
    expect(board.doc.getMap('probe').toJSON()).toEqual({ a: 1, b: 2 })
    expect(readdirSync(dir).sort()).toEqual(
      ['0-garbage.kbupdates', '1-cut.kbupdates.partial', elsewhere.slice(dir.length + 1)].sort(),
    )
    // Replaying again changes nothing for what is already stored.
    expect(await replayUnstored(suite.store.db, dir, suite.app.log)).toEqual({ replayed: 0, kept: 2 })
  })
})
