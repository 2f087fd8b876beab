import { existsSync } from 'node:fs'
import postgres from 'postgres'
import { describe, expect, it } from 'vitest'
import { CloseCode } from '../../shared/collab/close-codes.ts'
import { authorOf, putIdea } from '../collab/testing/board-edits.ts'
import { connectClient, openRaw, refusedTwice, synced, waitFor } from '../collab/testing/clients.ts'
import { spillUnstored } from '../collab/unstored-spill.ts'
import { twoInstancesEnabled, twoServerProcesses } from '../testing/two-instances.ts'

/**
 * A workshop deleted through one instance while its board is open on another: two server processes
 * on one Postgres and a Redis of the test's own. Runs when TEST_REDIS_URL and TEST_DATABASE_URL are set.
 */
describe.runIf(twoInstancesEnabled)('deleting a board open on another instance', { timeout: 120_000 }, () => {
  const pair = twoServerProcesses({ spillFolders: true })

  it('closes its sockets on both instances (4410), drops the room and its spilled file on B; it stays gone', async () => {
    const onB = connectClient(pair.b.origin, pair.workshop.boardId, pair.workshop.participant.cookie)
    const onA = connectClient(pair.a.origin, pair.workshop.boardId, pair.workshop.facilitator.cookie)
    pair.clients.push(onB, onA)
    await synced(onB)
    await synced(onA)
    putIdea(onB.doc, 'shape:from-b', authorOf(pair.workshop.participant), 'Écrite sur B')
    await waitFor(
      () => onA.doc.getArray('records').length === onB.doc.getArray('records').length,
      10_000,
      'relay',
    )
    // Updates of this board a shutdown of B left on its disk (their replay failed), and another board's.
    const spilled = spillUnstored(pair.spill.b, pair.workshop.boardId, [new Uint8Array([0, 0])])
    const otherSpilled = spillUnstored(pair.spill.b, crypto.randomUUID(), [new Uint8Array([0, 0])])

    const deleted = await fetch(`${pair.a.origin}/api/workshops/${pair.workshop.workshopId}`, {
      method: 'DELETE',
      headers: { cookie: pair.workshop.facilitator.cookie },
    })
    expect(deleted.status).toBe(204)
    await waitFor(() => onB.closes.length > 0 && onA.closes.length > 0, 10_000, 'both closed')
    expect(onB.closes[0]).toEqual({ code: CloseCode.boardDeleted, reason: 'board deleted' })
    expect(onA.closes[0]).toEqual({ code: CloseCode.boardDeleted, reason: 'board deleted' })
    await waitFor(() => !existsSync(spilled), 10_000, 'spilled file removed on B')
    expect(existsSync(otherSpilled)).toBe(true)

    // The client on B keeps editing its copy and tries again: refused on both, nothing stored.
    putIdea(onB.doc, 'shape:after', authorOf(pair.workshop.participant), 'Après la suppression')
    for (const server of [pair.a, pair.b]) {
      const url = `${server.origin.replace('http', 'ws')}/collab/${pair.workshop.boardId}`
      expect(await openRaw(url, { cookie: pair.workshop.facilitator.cookie })).toMatchObject({ status: 404 })
      expect(await openRaw(url, { cookie: pair.workshop.participant.cookie })).toMatchObject({ status: 401 })
    }
    const revenant = connectClient(pair.b.origin, pair.workshop.boardId, pair.workshop.facilitator.cookie, {
      doc: onB.doc,
    })
    pair.clients.push(revenant)
    await refusedTwice(revenant)
    expect(revenant.provider.synced).toBe(false)
    revenant.destroy()
    const sql = postgres(pair.database.url, { max: 1, onnotice: () => {} })
    try {
      for (const table of ['boards', 'board_updates', 'shape_authors'])
        expect(
          await sql`select 1 from ${sql(table)} where ${sql(table === 'boards' ? 'id' : 'board_id')} = ${pair.workshop.boardId}`,
          table,
        ).toHaveLength(0)
    } finally {
      await sql.end()
    }
  })
})
