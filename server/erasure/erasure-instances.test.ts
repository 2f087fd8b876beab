import { describe, expect, it } from 'vitest'
import { records } from '../../shared/board/document.ts'
import { ERASED_AUTHOR_NAME } from '../../shared/board/erased-author.ts'
import { boardStored, connectClient, synced, waitFor } from '../collab/testing/clients.ts'
import { lastPrivateIdeas } from '../collab/testing/private-side.ts'
import { signUp } from '../testing/app.ts'
import { twoApps, twoInstancesEnabled } from '../testing/two-instances.ts'
import { createWorkshop, joinAsGuest } from '../testing/workshops.ts'
import { dumpStore } from './testing/store-dump.ts'

/**
 * Erasure of a person whose board is open on another instance: two apps on one Postgres and one Redis
 * (TEST_DATABASE_URL, TEST_REDIS_URL), the erasure asked of one while the people are connected to the
 * other. The live document changes there (the facilitator watching sees the credit change), the private
 * side held in that instance's memory forgets the name (a private idea of silent writing), her socket
 * closes, and storage holds the name nowhere.
 */
const NAME = 'Nolwenn Ailleurs-Test'

describe.runIf(twoInstancesEnabled)(
  'erasure with the board open on another instance (Redis)',
  { timeout: 60_000 },
  () => {
    const apps = twoApps()

    it('changes the live board and its private side there, and storage keeps nothing of her', async () => {
      const facilitator = await signUp(apps.a)
      const workshop = await createWorkshop(apps.a, facilitator.cookie)
      const { boardId } = workshop
      const guest = await joinAsGuest(apps.a, workshop.joinCode, NAME)
      const her = connectClient(apps.originB, boardId, guest.cookie)
      const watcher = connectClient(apps.originB, boardId, facilitator.cookie)
      apps.clients.push(her, watcher)
      await Promise.all([synced(her), synced(watcher)])
      const post = async (text: string) => {
        const response = await apps.b.inject({
          method: 'POST',
          url: `/api/boards/${boardId}/ideas`,
          headers: { cookie: guest.cookie },
          payload: { text, priorityCode: 'P1' },
        })
        expect(response.statusCode, response.body).toBe(201)
        return response.json().id as string
      }
      const shared = await post('Une idée sur le tableau')
      const patch = await apps.b.inject({
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
      const answer = await apps.a.inject({
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
      const memory = await apps.b.liveBoards.withRoom(boardId, (room) =>
        JSON.stringify([
          room.context.allPrivateIdeas(),
          room.context.authorNames(),
          room.context.ownShapes(guest.guestId),
        ]),
      )
      expect(memory).not.toContain(NAME)
      expect(memory).not.toContain(guest.guestId)

      // Storage, once both instances have stored what they hold.
      for (const app of [apps.a, apps.b]) await boardStored(app, boardId)
      const dump = await dumpStore(apps.stores[0]!.db)
      expect(dump).not.toContain(NAME)
      expect(dump).not.toContain(guest.guestId)
      expect(dump).toContain('Une idée encore privée')
    })
  },
)
