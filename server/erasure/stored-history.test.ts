import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { records } from '../../shared/board/document.ts'
import { ERASED_AUTHOR_NAME } from '../../shared/board/erased-author.ts'
import { type BoardErasure, eraseFromDocument, rewriteStoredHistory } from '../collab/board-erasure.ts'
import { appendBoardUpdate, readStoredBoard, rewriteBoardHistory } from '../collab/board-store.ts'
import { ideaRecord } from '../collab/testing/board-edits.ts'
import { spillUnstored } from '../collab/unstored-spill.ts'
import { signUp } from '../testing/app.ts'
import { suiteApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { createWorkshop, joinAsGuest } from '../testing/workshops.ts'
import { erasePeople } from './erase-people.ts'
import { decodeUpdateContent, dumpStore } from './testing/store-dump.ts'

/**
 * The stored side of an erasure, without a live room: the history of a board rebuilt without the person
 * (garbage-collected, stale duplicates included), emptied log rows that keep their digests so a late
 * retry brings nothing back, and the spill folder's updates taken in before the rewrite.
 */

const NAME = 'Morgane Stockée-Test'
const encoder = new TextEncoder()
const needles = [encoder.encode(NAME), encoder.encode('guest-morgane')]
const erasure: BoardErasure = {
  actorIds: new Set(['guest-morgane']),
  authoredShapes: new Set(),
  removeIdeas: false,
}
const morgane = { id: 'guest-morgane', name: NAME }
const yann = { id: 'guest-yann', name: 'Yann' }

/** The updates of a board's life: her idea, moved by two people at once, and one of hers deleted. */
function history(): Uint8Array[] {
  const updates: Uint8Array[] = []
  const a = new Y.Doc()
  a.on('update', (update: Uint8Array) => updates.push(update))
  records(a).set('shape:kept', ideaRecord('shape:kept', morgane, 'Une navette'))
  records(a).set('shape:gone', ideaRecord('shape:gone', morgane, 'Une idée effacée ensuite'))
  records(a).set('shape:his', ideaRecord('shape:his', yann, 'Un parking relais'))
  records(a).delete('shape:gone')
  // A second document writes the same record concurrently: two live entries of one key until a
  // client cleans them up; the one further left holds her name too.
  const b = new Y.Doc()
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
  const sv = Y.encodeStateVector(b)
  b.getArray('records').push([
    { key: 'shape:kept', val: ideaRecord('shape:kept', morgane, 'Une navette', 300) },
  ])
  updates.push(Y.encodeStateAsUpdate(b, sv))
  return updates
}

describe('a board history rebuilt without a person', () => {
  it('keeps the ideas, credited to nobody, and no struct of it holds the name', () => {
    const updates = history()
    expect(updates.some((u) => JSON.stringify(decodeUpdateContent(u)).includes(NAME))).toBe(true)
    const rewritten = rewriteStoredHistory(null, updates, erasure, needles)!
    expect(JSON.stringify(decodeUpdateContent(rewritten))).not.toContain(NAME)
    expect(JSON.stringify(decodeUpdateContent(rewritten))).not.toContain('guest-morgane')
    expect(JSON.stringify(decodeUpdateContent(rewritten))).not.toContain('Une idée effacée ensuite')
    const doc = new Y.Doc()
    Y.applyUpdate(doc, rewritten)
    const kept = records(doc).get('shape:kept') as unknown as { props: Record<string, unknown> }
    expect(kept.props).toMatchObject({ text: 'Une navette', authorId: '', authorName: ERASED_AUTHOR_NAME })
    expect(
      (records(doc).get('shape:his') as unknown as { props: { authorName: string } }).props.authorName,
    ).toBe('Yann')
    // Once rebuilt, nothing is left to take out: a second rewrite writes nothing.
    expect(rewriteStoredHistory(rewritten, [], erasure, needles)).toBeNull()
    expect(eraseFromDocument(doc, erasure).changes).toBe(0)
  })

  it('takes the ideas out when asked, and leaves a board without her untouched', () => {
    const rewritten = rewriteStoredHistory(null, history(), { ...erasure, removeIdeas: true }, needles)!
    const doc = new Y.Doc()
    Y.applyUpdate(doc, rewritten)
    expect(records(doc).has('shape:kept')).toBe(false)
    expect(records(doc).has('shape:his')).toBe(true)
    expect(JSON.stringify(decodeUpdateContent(rewritten))).not.toContain('Une navette')
    const other = new Y.Doc()
    records(other).set('shape:his', ideaRecord('shape:his', yann, 'Un parking relais'))
    expect(rewriteStoredHistory(Y.encodeStateAsUpdate(other), [], erasure, needles)).toBeNull()
  })
})

describeEachStore('erasure in storage ($name)', (target) => {
  const spillDir = mkdtempSync(join(tmpdir(), 'kenlabour-erasure-spill-'))
  const quiet = { info: () => {}, warn: () => {}, error: () => {} }
  // Registered first, so it runs after the fixture's own (afterAll hooks run in reverse order).
  afterAll(() => {
    rmSync(spillDir, { recursive: true, force: true })
  })
  const suite = suiteApp(target)

  it('empties the log rows it folds, keeping their digests: a late retry of one brings nothing back', async () => {
    const facilitator = await signUp(suite.app)
    const { boardId } = await createWorkshop(suite.app, facilitator.cookie)
    await suite.app.liveBoards.read(boardId, () => undefined)
    const updates = history()
    for (const update of updates) await appendBoardUpdate(suite.store.db, boardId, update)
    expect(
      await rewriteBoardHistory(suite.store.db, boardId, (snapshot, rows) =>
        rewriteStoredHistory(snapshot, rows, erasure, needles),
      ),
    ).toBe(true)
    const before = await readStoredBoard(suite.store.db, boardId)
    // The write of her first update timed out, landed, and is now retried: same bytes, same digest.
    await appendBoardUpdate(suite.store.db, boardId, updates[0]!)
    const after = await readStoredBoard(suite.store.db, boardId)
    expect(after!.updates.length).toBe(before!.updates.length)
    for (const bytes of [after!.snapshot!, ...after!.updates.map((row) => row.data)])
      expect(JSON.stringify(decodeUpdateContent(bytes))).not.toContain(NAME)
  })

  it('takes in what a shutdown spilled before rewriting, without a server (the command line)', async () => {
    const facilitator = await signUp(suite.app)
    const workshop = await createWorkshop(suite.app, facilitator.cookie)
    const guest = await joinAsGuest(suite.app, workshop.joinCode, NAME)
    const posted = await suite.app.inject({
      method: 'POST',
      url: `/api/boards/${workshop.boardId}/ideas`,
      headers: { cookie: guest.cookie },
      payload: { text: 'Une idée écrite en ligne', priorityCode: 'P1' },
    })
    expect(posted.statusCode, posted.body).toBe(201)
    // What the live board keeps behind (authorship) is stored first: this erasure works on storage only,
    // as when no server runs (the server's own erasure flushes its rooms itself).
    await suite.app.liveBoards.withRoom(workshop.boardId, (room) => room.context.flush())
    // An edit of hers that a shutdown could not store, left in the spill folder for the next start.
    const doc = new Y.Doc()
    Y.applyUpdate(
      doc,
      await suite.app.liveBoards.read(workshop.boardId, (live) => Y.encodeStateAsUpdate(live)),
    )
    const sv = Y.encodeStateVector(doc)
    records(doc).set(
      'shape:spilled',
      ideaRecord('shape:spilled', { id: guest.guestId, name: NAME }, 'Une idée restée sur le disque'),
    )
    spillUnstored(spillDir, workshop.boardId, [Y.encodeStateAsUpdate(doc, sv)])
    expect(await dumpStore(suite.store.db)).toContain(NAME)

    const request = {
      councilId: facilitator.councilId,
      kind: 'guest' as const,
      actorIds: [guest.guestId],
      removeIdeas: false,
      requestedBy: null,
      source: 'retention' as const,
    }
    const outcome = await erasePeople({ db: suite.store.db, log: quiet, spillDir, settleMs: 0 }, request)
    expect(outcome).toEqual({ boards: 1, records: 0, people: 1 })
    expect(readdirSync(spillDir)).toEqual([])
    const dump = await dumpStore(suite.store.db)
    expect(dump).not.toContain(NAME)
    expect(dump).not.toContain(guest.guestId)
    expect(dump).toContain('Une idée restée sur le disque')
    // Erasing again finds nobody.
    expect(await erasePeople({ db: suite.store.db, log: quiet, settleMs: 0 }, request)).toBeUndefined()
  })
})
