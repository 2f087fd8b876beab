import type { FastifyInstance } from 'fastify'
import { afterAll, describe, expect, it } from 'vitest'
import { records } from '../../shared/board/document.ts'
import { encodeJsonMessage, MessageType, type PersonalMessage } from '../../shared/collab/messages.ts'
import { twoApps, twoInstancesEnabled } from '../testing/two-instances.ts'
import { ideaText } from './testing/board-edits.ts'
import {
  connectClient,
  eventually,
  openRaw,
  personalMessages,
  type RawSocket,
  sendPrivateIdea,
  synced,
  waitFor,
} from './testing/clients.ts'
import {
  cursorX,
  hasPresenceAt,
  lastPrivateIdeas,
  moveCursor,
  presenceClock,
  privateIdea,
  privateIdeasGone,
  setLiveState,
  workshopWithTwoParticipants,
} from './testing/private-side.ts'

/**
 * The private side across two instances: two apps on one Postgres and one Redis (TEST_DATABASE_URL,
 * TEST_REDIS_URL), each with its own rooms, Redis connections and database pool, as two server
 * processes would be; in one process so that a test can call `app.liveBoards` on either, as the routes
 * do. Clients connect to either instance over real sockets.
 */
describe.runIf(twoInstancesEnabled)(
  'the private side across two instances (Redis)',
  { timeout: 60_000 },
  () => {
    const apps = twoApps()
    const raws: RawSocket[] = []
    const client = (origin: string, boardId: string, cookie: string) => {
      const c = connectClient(origin, boardId, cookie)
      apps.clients.push(c)
      return c
    }
    const raw = async (origin: string, boardId: string, cookie: string) => {
      const opened = await openRaw(`${origin.replace('http', 'ws')}/collab/${boardId}`, { cookie })
      if (!('socket' in opened)) throw new Error(`refused: ${opened.status}`)
      raws.push(opened)
      return opened
    }
    const text = (messages: readonly Uint8Array[]) =>
      messages.map((m) => Buffer.from(m).toString('latin1')).join('\n')
    const votes = (messages: readonly PersonalMessage[]) => messages.filter((m) => m.kind === 'votes').length

    afterAll(() => {
      for (const r of raws) r.socket.close()
    })

    it('notifyVotes on one instance reaches the person and the facilitators on the other, nobody else', async () => {
      const { workshop, facilitator, participant, other } = await workshopWithTwoParticipants(apps.a)
      const p = client(apps.originB, workshop.boardId, participant.cookie)
      const f = client(apps.originB, workshop.boardId, facilitator.cookie)
      const o = await raw(apps.originB, workshop.boardId, other.cookie)
      await Promise.all([synced(p), synced(f)])
      // A does not hold the board: the nudge goes out through Redis all the same.
      apps.a.liveBoards.notifyVotes(workshop.boardId, participant.guestId)
      await waitFor(() => votes(p.personal) === 1 && votes(f.personal) === 1, 10_000, 'votes on B')
      // A holds it now (a facilitator there): its own connections and B's hear it.
      const fOnA = client(apps.originA, workshop.boardId, facilitator.cookie)
      await synced(fOnA)
      apps.a.liveBoards.notifyVotes(workshop.boardId, participant.guestId)
      await waitFor(
        () => votes(p.personal) === 2 && votes(f.personal) === 2 && votes(fOnA.personal) === 1,
        10_000,
        'votes on both',
      )
      apps.a.liveBoards.notifyVotes(workshop.boardId, other.guestId)
      await waitFor(() => votes(personalMessages(o.messages)) >= 1, 10_000, 'the other’s own nudge')
      expect(votes(personalMessages(o.messages))).toBe(1)
    })

    it('filters presence relayed from the other instance as it filters its own', async () => {
      const { workshop, facilitator, participant, other } = await workshopWithTwoParticipants(apps.a, {
        cursorsHidden: true,
      })
      const mover = client(apps.originA, workshop.boardId, participant.cookie)
      const f = client(apps.originB, workshop.boardId, facilitator.cookie)
      const watcher = await raw(apps.originB, workshop.boardId, other.cookie)
      await Promise.all([synced(mover), synced(f)])
      moveCursor(mover, 8642.5, 1, { selection: ['shape:sel'] })
      await waitFor(() => cursorX(f, mover) === 8642.5, 10_000, 'cursor at F on B')
      const clock = presenceClock(f, mover)
      await waitFor(
        () => hasPresenceAt(watcher.messages, mover, clock),
        10_000,
        'the state at the other participant on B',
      )
      expect(text(watcher.messages)).not.toContain('8642.5')
      expect(text(watcher.messages)).not.toContain('shape:sel')
    })

    it('keeps private ideas between their author and the facilitators on every instance, authorship included', async () => {
      const { workshop, facilitator, participant, other } = await workshopWithTwoParticipants(apps.a, {
        privateIdeation: true,
      })
      const author = client(apps.originA, workshop.boardId, participant.cookie)
      const authorOnB = client(apps.originB, workshop.boardId, participant.cookie)
      const f = client(apps.originB, workshop.boardId, facilitator.cookie)
      const bystander = await raw(apps.originB, workshop.boardId, other.cookie)
      await Promise.all([synced(author), synced(authorOnB), synced(f)])
      sendPrivateIdea(author, { kind: 'put', idea: privateIdea('shape:from-a', 'Secret de A 9931') })
      await waitFor(
        () => lastPrivateIdeas(f.personal)?.some((i) => i.id === 'shape:from-a') === true,
        10_000,
        'F on B',
      )
      await waitFor(
        () => lastPrivateIdeas(authorOnB.personal)?.length === 1,
        10_000,
        'the author’s other tab',
      )
      await waitFor(
        () => authorOnB.personal.some((m) => m.kind === 'authorship' && m.own.includes('shape:from-a')),
        10_000,
        'authorship on B',
      )
      expect(
        await apps.b.liveBoards.withRoom(workshop.boardId, (room) => room.context.authorOf('shape:from-a')),
      ).toEqual({
        actorId: participant.guestId,
        displayName: 'Participante',
      })
      // Edited from the other tab, on B: A's copy follows.
      sendPrivateIdea(authorOnB, {
        kind: 'put',
        idea: {
          ...lastPrivateIdeas(authorOnB.personal)![0]!,
          props: { ...lastPrivateIdeas(authorOnB.personal)![0]!.props, text: 'Secret revu 9931' },
        },
      })
      await waitFor(
        () => lastPrivateIdeas(author.personal)?.[0]?.props.text === 'Secret revu 9931',
        10_000,
        'the edit on A',
      )
      // The bystander on B writes their own: their list holds only it; nothing of the author's came.
      bystander.socket.send(
        encodeJsonMessage(MessageType.privateIdea, { kind: 'put', idea: privateIdea('shape:by', 'le mien') }),
      )
      await waitFor(
        () => lastPrivateIdeas(personalMessages(bystander.messages))?.length === 1,
        10_000,
        'bystander list',
      )
      expect(lastPrivateIdeas(personalMessages(bystander.messages))!.map((i) => i.id)).toEqual(['shape:by'])
      expect(text(bystander.messages)).not.toContain('9931')
      expect(text(bystander.messages)).not.toContain('shape:from-a')
    })

    it('reveals once, on the instance the route runs on, ideas written on both; the other drops its copies', async () => {
      const { workshop, facilitator, participant, other } = await workshopWithTwoParticipants(apps.a, {
        privateIdeation: true,
      })
      const onA = client(apps.originA, workshop.boardId, participant.cookie)
      const onB = client(apps.originB, workshop.boardId, other.cookie)
      const f = client(apps.originB, workshop.boardId, facilitator.cookie)
      await Promise.all([synced(onA), synced(onB), synced(f)])
      for (let i = 0; i < 5; i++) {
        sendPrivateIdea(onA, {
          kind: 'put',
          idea: privateIdea(`shape:ra-${i}`, `A ${i}`, { x: 100 * i, y: 10 }),
        })
        sendPrivateIdea(onB, {
          kind: 'put',
          idea: privateIdea(`shape:rb-${i}`, `B ${i}`, { x: 100 * i, y: 400 }),
        })
      }
      const count = (app: FastifyInstance) =>
        app.liveBoards.withRoom(workshop.boardId, (room) => room.context.privateIdeaCount())
      for (const app of [apps.a, apps.b])
        await eventually(
          async () => ((await count(app)) === 10 ? true : undefined),
          10_000,
          'the private ideas on both instances',
        )
      await setLiveState(apps.a, workshop.boardId, { privateIdeation: false })
      expect(await apps.a.liveBoards.revealPrivateIdeas(workshop.boardId)).toBe(10)
      const ids = [...Array(5).keys()].flatMap((i) => [`shape:ra-${i}`, `shape:rb-${i}`])
      for (const c of [onA, onB, f])
        await waitFor(
          () => ids.every((id) => ideaText(c.doc, id) !== undefined),
          10_000,
          'revealed everywhere',
        )
      // Each idea once in the document, on both instances' clients.
      for (const c of [onA, f]) {
        const keys = c.doc
          .getArray<{ key: string }>('records')
          .toArray()
          .map((e) => e.key)
        expect(ids.map((id) => keys.filter((k) => k === id).length)).toEqual(ids.map(() => 1))
      }
      expect(records(f.doc).get('shape:rb-3')).toMatchObject({
        x: 300,
        y: 400,
        props: { authorId: other.guestId },
      })
      await waitFor(() => lastPrivateIdeas(f.personal)?.length === 0, 10_000, 'F list emptied on B')
      expect(await count(apps.b)).toBe(0)
      // A reveal now, on B, has nothing left to move.
      expect(await apps.b.liveBoards.revealPrivateIdeas(workshop.boardId)).toBe(0)
      await privateIdeasGone(apps.stores[0]!.db, workshop.boardId)
    })
  },
)
