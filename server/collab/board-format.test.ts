import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { afterAll, expect, it } from 'vitest'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { createBoardDocument } from '../../shared/board/create-board.ts'
import { BOARD_FORMAT_VERSION, META_FORMAT, meta, VOTES } from '../../shared/board/document.ts'
import { MessageType } from '../../shared/collab/messages.ts'
import { defaultLiveState } from '../../shared/workshop/live-state.ts'
import { addCluster, addIdea } from '../projects/testing/example-board.ts'
import { type ConversionBody, convert } from '../projects/testing/example-workshop.ts'
import { buildTestApp } from '../testing/app.ts'
import { liveApp } from '../testing/live-app.ts'
import { idsWhere } from '../testing/row-ids.ts'
import { describeEachStore } from '../testing/stores.ts'
import { joinAsGuest, workshopWithGuests } from '../testing/workshops.ts'
import { listBallot } from '../votes/repository.ts'
import { migrateBoardFormat, readV1Dots } from './board-format.ts'
import { mergeForSnapshot } from './board-loader.ts'
import { openRaw, type RawSocket, waitFor } from './testing/clients.ts'

/**
 * A v1 board (dots in the shared document, keyed by voter) as it was stored before board format v2,
 * then loaded by today's server: its dots move into the ballot, the `votes` root is emptied by a stored
 * change, and nobody's browser receives another person's voter id or dots.
 */
describeEachStore('board format v2 migration ($name)', (target) => {
  const raws: RawSocket[] = []

  const live = liveApp(target)
  afterAll(async () => {
    for (const raw of raws) raw.socket.close()
  })

  /** A board as format v1 wrote it: no meta.format, and voter id → target → dots in `votes`. */
  function v1Document(dots: Record<string, Record<string, number>>): Y.Doc {
    const doc = createBoardDocument({ zones: [], liveState: { ...defaultLiveState, phase: 'voting' } })
    meta(doc).delete(META_FORMAT)
    addCluster(doc, 'shape:c1', 0, 0, 'Groupe')
    addIdea(doc, 'shape:i1', 100, 100, { text: 'Idée un', authorName: 'Anna' })
    addIdea(doc, 'shape:i2', 400, 100, { text: 'Idée deux', authorName: 'Yann' })
    doc.transact(() => {
      for (const [voter, given] of Object.entries(dots)) {
        const map = new Y.Map<number>()
        doc.getMap<Y.Map<number>>(VOTES).set(voter, map)
        for (const [targetId, n] of Object.entries(given)) map.set(targetId, n)
      }
    })
    return doc
  }

  /** Opens a raw socket as `cookie`, asks for the whole document and resolves with every frame. */
  async function everythingSentTo(
    boardId: string,
    cookie: string,
  ): Promise<{ frames: Uint8Array[]; doc: Y.Doc }> {
    const opened = await openRaw(`${live.origin.replace('http', 'ws')}/collab/${boardId}`, { cookie })
    if (!('socket' in opened)) throw new Error(`refused: ${opened.status} ${opened.body}`)
    raws.push(opened)
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 0)
    syncProtocol.writeSyncStep1(encoder, new Y.Doc())
    opened.socket.send(encoding.toUint8Array(encoder))
    const doc = new Y.Doc()
    const isStep2 = (m: Uint8Array) => m[0] === 0 && m[1] === 1
    await waitFor(() => opened.messages.some(isStep2), 10_000, 'sync step 2')
    for (const message of opened.messages.filter((m) => m[0] === 0)) {
      const decoder = decoding.createDecoder(message)
      decoding.readVarUint(decoder)
      syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, 'server')
    }
    return { frames: opened.messages, doc }
  }

  it('moves a v1 board’s dots into the ballot at load; clients receive no voter; a reload keeps it so; conversion counts them', async () => {
    const { facilitator, workshop, participant } = await workshopWithGuests(live.app)
    const second = await joinAsGuest(live.app, workshop.joinCode, 'Deuxième')
    const stored = v1Document({
      [participant.guestId]: { 'shape:i1': 2, 'shape:c1': 1 },
      [second.guestId]: { 'shape:i1': 1, 'shape:i2': 3 },
    })
    // The board as it was stored before this server: its snapshot, never loaded since.
    await live.store.db
      .updateTable('boards')
      .set({ snapshot: Y.encodeStateAsUpdate(stored), snapshot_update_id: 0 })
      .where('id', '=', workshop.boardId)
      .execute()

    // The participant's browser asks for the whole board: nothing names the other voter.
    const { frames, doc } = await everythingSentTo(workshop.boardId, participant.cookie)
    const bytes = Buffer.concat(frames.map((f) => Buffer.from(f))).toString('latin1')
    expect(bytes).toContain('shape:i1')
    expect(bytes).not.toContain(second.guestId)
    // Its own id reaches it in the personal channel only (who the server says it is), never in the
    // document or presence: its old dots are not sent back either.
    const shared = frames.filter((m) => m[0] !== MessageType.personal)
    expect(Buffer.concat(shared.map((f) => Buffer.from(f))).toString('latin1')).not.toContain(
      participant.guestId,
    )
    expect(doc.getMap(VOTES).size).toBe(0)
    expect(meta(doc).get(META_FORMAT)).toBe(BOARD_FORMAT_VERSION)

    // The ballot has every dot.
    const ballot = await listBallot(live.store.db, workshop.boardId)
    expect(ballot).toEqual(
      expect.arrayContaining([
        { actorId: participant.guestId, targetId: 'shape:i1', dots: 2 },
        { actorId: participant.guestId, targetId: 'shape:c1', dots: 1 },
        { actorId: second.guestId, targetId: 'shape:i1', dots: 1 },
        { actorId: second.guestId, targetId: 'shape:i2', dots: 3 },
      ]),
    )
    expect(ballot).toHaveLength(4)
    const mine = await live.app.inject({
      url: `/api/boards/${workshop.boardId}/votes`,
      headers: { cookie: participant.cookie },
    })
    expect(mine.json()).toMatchObject({ mine: { 'shape:i1': 2, 'shape:c1': 1 }, remaining: 2 })
    expect(mine.body).not.toContain(second.guestId)

    // The migration is a stored change: another server loading the board from the store finds it
    // migrated and writes nothing more.
    const logRows = async () =>
      (await idsWhere(live.store.db, 'board_updates', 'board_id', workshop.boardId)).length
    const rowsAfterMigration = await logRows()
    expect(rowsAfterMigration).toBeGreaterThanOrEqual(1)
    const other = await buildTestApp(live.store)
    try {
      const reloaded = await other.liveBoards.read(workshop.boardId, (d) => ({
        votes: d.getMap(VOTES).size,
        format: meta(d).get(META_FORMAT),
        encoded: Buffer.from(Y.encodeStateAsUpdate(d)).toString('latin1'),
      }))
      expect(reloaded.votes).toBe(0)
      expect(reloaded.format).toBe(BOARD_FORMAT_VERSION)
      expect(reloaded.encoded).not.toContain(second.guestId)
      expect(await logRows()).toBe(rowsAfterMigration)
      expect(await listBallot(live.store.db, workshop.boardId)).toHaveLength(4)
    } finally {
      await other.close()
    }

    // Conversion counts the migrated dots, on the idea and on the cluster.
    const converted = await convert(live.app, facilitator.cookie, workshop.id)
    expect(converted.statusCode, converted.body).toBe(201)
    const record = (converted.json() as ConversionBody).projects.find((p) => p.clusterId === 'shape:c1')!
    expect(record.provenance).toMatchObject({ clusterDots: 1, ideaDots: 6, totalDots: 7 })
    expect(record.provenance.ideas.find((i) => i.id === 'shape:i1')?.dots).toBe(3)
  })

  it('is idempotent: a second run changes nothing, and a ballot row already there wins', async () => {
    const { workshop, participant } = await workshopWithGuests(live.app)
    const doc = v1Document({ [participant.guestId]: { 'shape:i1': 2, 'shape:i2': 1 } })
    // The person already changed a dot in the ballot (say, on another instance): theirs is newer.
    await live.store.db
      .insertInto('board_votes')
      .values({ board_id: workshop.boardId, actor_id: participant.guestId, target_id: 'shape:i1', dots: 4 })
      .execute()
    expect(readV1Dots(doc)).toHaveLength(2)
    expect(await migrateBoardFormat(live.store.db, workshop.boardId, doc)).toBe(true)
    expect(await migrateBoardFormat(live.store.db, workshop.boardId, doc)).toBe(false)
    expect(readV1Dots(doc)).toEqual([])
    expect(await listBallot(live.store.db, workshop.boardId)).toEqual([
      { actorId: participant.guestId, targetId: 'shape:i1', dots: 4 },
      { actorId: participant.guestId, targetId: 'shape:i2', dots: 1 },
    ])
  })

  it('leaves no voter id in a compacted snapshot', async () => {
    const { workshop, participant } = await workshopWithGuests(live.app)
    const doc = v1Document({ [participant.guestId]: { 'shape:i1': 2 } })
    const snapshot = Y.encodeStateAsUpdate(doc)
    expect(Buffer.from(snapshot).toString('latin1')).toContain(participant.guestId)
    await migrateBoardFormat(live.store.db, workshop.boardId, doc)
    const [row] = await live.store.db
      .selectFrom('board_updates')
      .select('data')
      .where('board_id', '=', workshop.boardId)
      .orderBy('id', 'desc')
      .limit(1)
      .execute()
    const compacted = mergeForSnapshot(snapshot, [row!.data])
    expect(Buffer.from(compacted).toString('latin1')).not.toContain(participant.guestId)
    const reread = new Y.Doc()
    Y.applyUpdate(reread, compacted)
    expect(reread.getMap(VOTES).size).toBe(0)
    expect(meta(reread).get(META_FORMAT)).toBe(BOARD_FORMAT_VERSION)
    expect(reread.getArray('records').length).toBe(doc.getArray('records').length)
  })
})
