import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { records } from '../../shared/board/document.ts'
import { ERASED_AUTHOR_NAME } from '../../shared/board/erased-author.ts'
import { connectClient, synced, type TestClient, waitFor } from '../collab/testing/clients.ts'
import { lastPrivateIdeas } from '../collab/testing/private-side.ts'
import { openStore, type Store } from '../db/connect.ts'
import { buildTestApp, signUp } from '../testing/app.ts'
import { createPostgresDatabase } from '../testing/stores.ts'
import { createWorkshop, joinAsGuest } from '../testing/workshops.ts'
import { dumpStore } from './testing/store-dump.ts'

/**
 * Erasure of a person whose board is open on another instance: two apps on one Postgres and one Redis
 * (TEST_DATABASE_URL, TEST_REDIS_URL), the erasure asked of one while the people are connected to the
 * other. The live document changes there (the facilitator watching sees the credit change), the private
 * side held in that instance's memory forgets the name (a private idea of silent writing), her socket
 * closes, and storage holds the name nowhere.
 */
const enabled = Boolean(process.env.TEST_REDIS_URL && process.env.TEST_DATABASE_URL)
const NAME = 'Nolwenn Ailleurs-Test'

describe.runIf(enabled)(
  'erasure with the board open on another instance (Redis)',
  { timeout: 60_000 },
  () => {
    let database: { url: string; drop(): Promise<void> }
    const stores: Store[] = []
    let a: FastifyInstance
    let b: FastifyInstance
    let originB: string
    const clients: TestClient[] = []

    beforeAll(async () => {
      database = await createPostgresDatabase(process.env.TEST_DATABASE_URL!)
      stores.push(await openStore({ databaseUrl: database.url, maxConnections: 5 }))
      stores.push(await openStore({ databaseUrl: database.url, maxConnections: 5 }))
      const config = { seedDemo: false, redisUrl: process.env.TEST_REDIS_URL }
      a = await buildTestApp(stores[0]!, { config })
      b = await buildTestApp(stores[1]!, { config })
      await a.listen({ port: 0, host: '127.0.0.1' })
      originB = await b.listen({ port: 0, host: '127.0.0.1' })
      await waitFor(() => Boolean(a.redisReady?.() && b.redisReady?.()), 10_000, 'redis on both')
    })
    afterAll(async () => {
      for (const c of clients) c.destroy()
      await Promise.all([a?.close(), b?.close()])
      for (const store of stores) await store.close()
      await database?.drop()
    })

    it('changes the live board and its private side there, and storage keeps nothing of her', async () => {
      const facilitator = await signUp(a)
      const workshop = await createWorkshop(a, facilitator.cookie)
      const { boardId } = workshop
      const guest = await joinAsGuest(a, workshop.joinCode, NAME)
      const her = connectClient(originB, boardId, guest.cookie)
      const watcher = connectClient(originB, boardId, facilitator.cookie)
      clients.push(her, watcher)
      await Promise.all([synced(her), synced(watcher)])
      const post = async (text: string) => {
        const response = await b.inject({
          method: 'POST',
          url: `/api/boards/${boardId}/ideas`,
          headers: { cookie: guest.cookie },
          payload: { text, priorityCode: 'P1' },
        })
        expect(response.statusCode, response.body).toBe(201)
        return response.json().id as string
      }
      const shared = await post('Une idée sur le tableau')
      const patch = await b.inject({
        method: 'PATCH',
        url: `/api/workshops/${workshop.id}`,
        headers: { cookie: facilitator.cookie },
        payload: { privateIdeation: true },
      })
      expect(patch.statusCode, patch.body).toBe(200)
      const secret = await post('Une idée encore privée')
      const authorOf = (id: string) =>
        (records(watcher.doc).get(id) as { props?: { authorName?: string } } | undefined)?.props?.authorName
      await waitFor(() => authorOf(shared) === NAME, 10_000, 'her idea on B')
      await waitFor(
        () => lastPrivateIdeas(watcher.personal)?.some((idea) => idea.id === secret) === true,
        10_000,
        'her private idea on B',
      )

      // Asked of A, which does not hold the board.
      const answer = await a.inject({
        method: 'POST',
        url: '/api/council/erasure',
        headers: { cookie: facilitator.cookie },
        payload: { guestId: guest.guestId },
      })
      expect(answer.statusCode, answer.body).toBe(200)
      expect(answer.json()).toEqual({ boards: 1, records: 0 })

      // On B: the document, the facilitator's list of private ideas, her socket.
      await waitFor(() => authorOf(shared) === ERASED_AUTHOR_NAME, 10_000, 'credit changed on B')
      await waitFor(
        () =>
          lastPrivateIdeas(watcher.personal)?.find((idea) => idea.id === secret)?.props.authorName ===
          ERASED_AUTHOR_NAME,
        10_000,
        'private idea re-credited on B',
      )
      await waitFor(() => her.closes.length > 0, 10_000, 'her socket closed')
      const memory = await b.liveBoards.withRoom(boardId, (room) =>
        JSON.stringify([
          room.context.allPrivateIdeas(),
          room.context.authorNames(),
          room.context.ownShapes(guest.guestId),
        ]),
      )
      expect(memory).not.toContain(NAME)
      expect(memory).not.toContain(guest.guestId)

      // Storage, once both instances have stored what they hold.
      await new Promise((resolve) => setTimeout(resolve, 500))
      const dump = await dumpStore(stores[0]!.db)
      expect(dump).not.toContain(NAME)
      expect(dump).not.toContain(guest.guestId)
      expect(dump).toContain('Une idée encore privée')
    })
  },
)
