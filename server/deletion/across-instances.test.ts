import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CloseCode } from '../../shared/collab/close-codes.ts'
import { authorOf, putIdea } from '../collab/testing/board-edits.ts'
import { connectClient, openRaw, synced, type TestClient, waitFor } from '../collab/testing/clients.ts'
import { type RemoteWorkshop, remoteWorkshop } from '../collab/testing/http-fixtures.ts'
import {
  type PrivateRedis,
  type ServerProcess,
  startPrivateRedis,
  startServer,
} from '../collab/testing/processes.ts'
import { spillUnstored } from '../collab/unstored-spill.ts'
import { createPostgresDatabase } from '../testing/stores.ts'

/**
 * A workshop deleted through one instance while its board is open on another: two server processes
 * on one Postgres and a Redis of the test's own. Runs when TEST_REDIS_URL and TEST_DATABASE_URL are set.
 */
const enabled = Boolean(process.env.TEST_REDIS_URL && process.env.TEST_DATABASE_URL)

describe.runIf(enabled)('deleting a board open on another instance', { timeout: 120_000 }, () => {
  let database: { url: string; drop(): Promise<void> }
  let redis: PrivateRedis
  let a: ServerProcess
  let b: ServerProcess
  let spillB: string
  let workshop: RemoteWorkshop
  const clients: TestClient[] = []

  beforeAll(async () => {
    database = await createPostgresDatabase(process.env.TEST_DATABASE_URL!)
    redis = await startPrivateRedis()
    spillB = mkdtempSync(join(tmpdir(), 'kenlabour-spill-b-'))
    const env = { DATABASE_URL: database.url, REDIS_URL: redis.url }
    a = await startServer({ ...env, KENLABOUR_SPILL_DIR: mkdtempSync(join(tmpdir(), 'kenlabour-spill-a-')) })
    b = await startServer({ ...env, KENLABOUR_SPILL_DIR: spillB })
    workshop = await remoteWorkshop(a.origin)
  })
  afterAll(async () => {
    for (const c of clients) c.destroy()
    for (const server of [a, b]) {
      server?.child.kill('SIGTERM')
      await server?.exited
    }
    await redis?.stop()
    await database?.drop()
    rmSync(spillB, { recursive: true, force: true })
  })

  it('closes its sockets on both instances (4410), drops the room and its spilled file on B; it stays gone', async () => {
    const onB = connectClient(b.origin, workshop.boardId, workshop.participant.cookie)
    const onA = connectClient(a.origin, workshop.boardId, workshop.facilitator.cookie)
    clients.push(onB, onA)
    await synced(onB)
    await synced(onA)
    putIdea(onB.doc, 'shape:from-b', authorOf(workshop.participant), 'Écrite sur B')
    await waitFor(
      () => onA.doc.getArray('records').length === onB.doc.getArray('records').length,
      10_000,
      'relay',
    )
    // Updates of this board a shutdown of B left on its disk (their replay failed), and another board's.
    const spilled = spillUnstored(spillB, workshop.boardId, [new Uint8Array([0, 0])])
    const otherSpilled = spillUnstored(spillB, crypto.randomUUID(), [new Uint8Array([0, 0])])

    const deleted = await fetch(`${a.origin}/api/workshops/${workshop.workshopId}`, {
      method: 'DELETE',
      headers: { cookie: workshop.facilitator.cookie },
    })
    expect(deleted.status).toBe(204)
    await waitFor(() => onB.closes.length > 0 && onA.closes.length > 0, 10_000, 'both closed')
    expect(onB.closes[0]).toEqual({ code: CloseCode.boardDeleted, reason: 'board deleted' })
    expect(onA.closes[0]).toEqual({ code: CloseCode.boardDeleted, reason: 'board deleted' })
    await waitFor(() => !existsSync(spilled), 10_000, 'spilled file removed on B')
    expect(existsSync(otherSpilled)).toBe(true)

    // The client on B keeps editing its copy and tries again: refused on both, nothing stored.
    putIdea(onB.doc, 'shape:after', authorOf(workshop.participant), 'Après la suppression')
    for (const server of [a, b]) {
      const url = `${server.origin.replace('http', 'ws')}/collab/${workshop.boardId}`
      expect(await openRaw(url, { cookie: workshop.facilitator.cookie })).toMatchObject({ status: 404 })
      expect(await openRaw(url, { cookie: workshop.participant.cookie })).toMatchObject({ status: 401 })
    }
    const revenant = connectClient(b.origin, workshop.boardId, workshop.facilitator.cookie, { doc: onB.doc })
    clients.push(revenant)
    await new Promise((resolve) => setTimeout(resolve, 2_000))
    expect(revenant.provider.synced).toBe(false)
    revenant.destroy()
    const sql = postgres(database.url, { max: 1, onnotice: () => {} })
    try {
      for (const table of ['boards', 'board_updates', 'shape_authors'])
        expect(
          await sql`select 1 from ${sql(table)} where ${sql(table === 'boards' ? 'id' : 'board_id')} = ${workshop.boardId}`,
          table,
        ).toHaveLength(0)
    } finally {
      await sql.end()
    }
  })
})
