import type { TLRecord } from '@tldraw/tlschema'
import { expect, it } from 'vitest'
import * as Y from 'yjs'
import { zoneShapeId } from '../../shared/board/create-board.ts'
import { records } from '../../shared/board/document.ts'
import { type BoardAction, boardActions, may, type RightsState } from '../../shared/board/rights.ts'
import type { Phase } from '../../shared/workshop/live-state.ts'
import { liveApp } from '../testing/live-app.ts'
import { describeEachStore } from '../testing/stores.ts'
import { joinAsGuest, patchWorkshop, workshopWithGuests } from '../testing/workshops.ts'
import { readStoredBoard } from './board-store.ts'
import { clusterRecord, defaultShapeRecord, ideaRecord } from './review/testing/records.ts'
import { waitFor } from './testing/clients.ts'

/*
 * Every "no" of the rights table (shared/board/rights.ts, DESIGN.md "Rights"), tried over the live
 * channel against the real server by a modified client, a y-websocket client that writes into its
 * document whatever it likes, as a cheater's browser would. For each: the server tells the sender
 * why; another person's unmodified client never holds the change; the board's stored log (snapshot
 * and rows) never holds it either; and the sender's own document comes back to the board's state.
 */

type Cell = { role: 'participant' | 'observer'; state: RightsState; label: string }

/** The states of the board a participant or observer may meet. */
const cells: Cell[] = [
  ...(['ideation', 'clustering', 'voting', 'closed'] as Phase[]).map((phase) => ({
    role: 'participant' as const,
    state: { phase, locked: false, ideasInClustering: true },
    label: phase,
  })),
  {
    role: 'participant',
    state: { phase: 'clustering', locked: false, ideasInClustering: false },
    label: 'clustering without new ideas',
  },
  {
    role: 'participant',
    state: { phase: 'ideation', locked: true, ideasInClustering: true },
    label: 'locked',
  },
  {
    role: 'observer',
    state: { phase: 'ideation', locked: false, ideasInClustering: true },
    label: 'ideation',
  },
]

/** What a cheater's client writes for each action; `done` says whether a document holds the change. */
interface Attempt {
  target: string
  write(doc: Y.Doc, me: { id: string; name: string }): void
  done(doc: Y.Doc): boolean
}

const FACILITATOR_IDEA = 'shape:f-idea'
const FACILITATOR_CLUSTER = 'shape:f-cluster'
const OWN_IDEA = 'shape:own-idea'
const OWN_CLUSTER = 'shape:own-cluster'
const get = (doc: Y.Doc, id: string) =>
  records(doc).get(id) as (TLRecord & { x: number; props: any }) | undefined
const change = (doc: Y.Doc, id: string, edit: (r: any) => any) => {
  const record = get(doc, id)
  if (record) records(doc).set(id, edit(structuredClone(record)))
}
/** Setting one of a record's props to `value`. */
const setProp = (id: string, prop: string, value: string): Attempt => ({
  target: id,
  write: (doc) => change(doc, id, (r) => ({ ...r, props: { ...r.props, [prop]: value } })),
  done: (doc) => get(doc, id)?.props[prop] === value,
})
/** Creating the record `id`, as `create` writes it. */
const creating = (id: string, create: (me: { id: string; name: string }) => TLRecord): Attempt => ({
  target: id,
  write: (doc, me) => records(doc).set(id, create(me)),
  done: (doc) => records(doc).has(id),
})
/** Deleting a record. */
const deleting = (id: string): Attempt => ({
  target: id,
  write: (doc) => records(doc).delete(id),
  done: (doc) => !records(doc).has(id),
})

function attemptOf(action: BoardAction, n: number): Attempt | null {
  const fresh = `shape:cheat-${n}`
  switch (action) {
    case 'createIdea':
      return creating(fresh, (me) => ideaRecord(fresh, { authorId: me.id, authorName: me.name }))
    case 'editOwnIdea':
      return setProp(OWN_IDEA, 'text', `triché ${n}`)
    case 'deleteOwnIdea':
      return deleting(OWN_IDEA)
    case 'editOthersIdea':
      return setProp(FACILITATOR_IDEA, 'text', `réécrite ${n}`)
    case 'moveIdea':
      return {
        target: FACILITATOR_IDEA,
        write: (doc) => change(doc, FACILITATOR_IDEA, (r) => ({ ...r, x: 5000 + n })),
        done: (doc) => get(doc, FACILITATOR_IDEA)?.x === 5000 + n,
      }
    case 'createCluster':
      return creating(fresh, () => clusterRecord(fresh, { x: 9000 + n }))
    case 'editCluster':
      return setProp(FACILITATOR_CLUSTER, 'title', `renommé ${n}`)
    case 'deleteOwnCluster':
      return deleting(OWN_CLUSTER)
    case 'deleteOthersCluster':
      return deleting(FACILITATOR_CLUSTER)
    case 'editZones':
      return setProp(zoneShapeId('P1', ''), 'title', `zone ${n}`)
    case 'annotate':
      return creating(fresh, () => defaultShapeRecord(fresh, 'geo'))
    // Dots go over HTTP (votes/routes.test.ts); nobody votes in another's name there either.
    case 'voteOwn':
    case 'voteForOthers':
      return null
  }
}

describeEachStore('every “no” of the rights table, over the live channel ($name)', (target) => {
  const harness = liveApp(target)

  it.each(cells)('$role, $label', async ({ role, state }) => {
    const { facilitator, workshop, participant, observer } = await workshopWithGuests(harness.app)
    const watcherGuest = await joinAsGuest(harness.app, workshop.joinCode, 'Témoin')
    const person = role === 'participant' ? participant : observer
    const me = { id: person.guestId, name: person.displayName }

    // The board before: the facilitator's idea and cluster; the participant's own idea and cluster,
    // written by them while the phases allowed it.
    const f = await harness.connectSynced(workshop.boardId, facilitator.cookie)
    const fName = (
      await harness.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { cookie: facilitator.cookie },
      })
    ).json().displayName as string
    records(f.doc).set(
      FACILITATOR_IDEA,
      ideaRecord(FACILITATOR_IDEA, { authorId: facilitator.userId, authorName: fName }),
    )
    records(f.doc).set(FACILITATOR_CLUSTER, clusterRecord(FACILITATOR_CLUSTER, { x: 3000 }))
    const own = await harness.connectSynced(workshop.boardId, participant.cookie)
    records(own.doc).set(
      OWN_IDEA,
      ideaRecord(
        OWN_IDEA,
        { authorId: participant.guestId, authorName: participant.displayName },
        { x: 600 },
      ),
    )
    await patchWorkshop(harness.app, workshop.id, facilitator.cookie, { phase: 'clustering' })
    await waitFor(
      () => (own.doc.getMap('meta').get('workshop') as { phase?: string })?.phase === 'clustering',
    )
    records(own.doc).set(OWN_CLUSTER, clusterRecord(OWN_CLUSTER, { x: 4000 }))
    const watcher = await harness.connectSynced(workshop.boardId, watcherGuest.cookie)
    await waitFor(() => records(watcher.doc).has(OWN_CLUSTER) && records(watcher.doc).has(FACILITATOR_IDEA))

    await patchWorkshop(harness.app, workshop.id, facilitator.cookie, {
      phase: state.phase,
      locked: state.locked,
      ideasInClustering: state.ideasInClustering,
    })
    const cheater =
      role === 'participant' ? own : await harness.connectSynced(workshop.boardId, observer.cookie)
    await waitFor(() => {
      const live = cheater.doc.getMap('meta').get('workshop') as { phase?: string; locked?: boolean }
      return live?.phase === state.phase && live?.locked === state.locked
    })

    const readOnly = role === 'observer' || state.locked || state.phase === 'closed'
    let n = 0
    for (const action of boardActions) {
      if (may(role, action, state)) continue
      const attempt = attemptOf(action, ++n)
      if (!attempt) continue
      const refusalsBefore = cheater.refused.length
      attempt.write(cheater.doc, me)
      // A mark the facilitator writes after the attempt: once the watcher has it, it has had the attempt too.
      const mark = `shape:mark-${n}`
      records(f.doc).set(
        mark,
        ideaRecord(mark, { authorId: facilitator.userId, authorName: fName }, { x: -2000 - n * 300 }),
      )
      await waitFor(() => records(watcher.doc).has(mark), 5_000, `${action}: the mark`)
      expect(attempt.done(watcher.doc), `${action} reached another person`).toBe(false)
      // The sender is told why. A writer's document comes back to the board's (the change is undone in
      // the update's own transaction); a read-only sender's update is dropped whole before any review
      // (room.ts `receiveUpdate`), with a read_only notice at most every few seconds, so only its first
      // attempt here is answered.
      if (readOnly) {
        if (n === 1) await waitFor(() => cheater.refused.join('').includes('read_only'), 5_000, 'read_only')
      } else {
        await waitFor(() => cheater.refused.length > refusalsBefore, 5_000, `${action}: a refusal`)
        const told = cheater.refused.slice(refusalsBefore).join('\n')
        expect(told, action).toContain(attempt.target)
        await waitFor(() => !attempt.done(cheater.doc), 5_000, `${action}: the sender repaired`)
      }
    }
    expect(n).toBeGreaterThan(0)

    // The stored board (snapshot and every row) holds none of it.
    await harness.app.liveBoards.withRoom(workshop.boardId, (room) =>
      room.persistence.flush(performance.now() + 10_000),
    )
    const stored = await readStoredBoard(harness.store.db, workshop.boardId)
    const doc = new Y.Doc()
    if (stored?.snapshot) Y.applyUpdate(doc, stored.snapshot)
    for (const row of stored?.updates ?? []) Y.applyUpdate(doc, row.data)
    n = 0
    for (const action of boardActions) {
      if (may(role, action, state)) continue
      const attempt = attemptOf(action, ++n)
      if (attempt) expect(attempt.done(doc), `${action} stored`).toBe(false)
    }
  })
})
