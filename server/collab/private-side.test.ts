import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { records } from '../../shared/board/document.ts'
import { personColor } from '../../shared/board/person-colors.ts'
import { boardRecords } from '../../shared/board/record-index.ts'
import { CloseCode } from '../../shared/collab/close-codes.ts'
import { IDEAS_PER_PARTICIPANT_PER_MINUTE, MAX_IDEAS_PER_BOARD } from '../../shared/collab/limits.ts'
import { encodeJsonMessage, MessageType, type PersonalMessage } from '../../shared/collab/messages.ts'
import { defaultLiveState, type WorkshopLiveState } from '../../shared/workshop/live-state.ts'
import { json } from '../db/connect.ts'
import { buildTestApp } from '../testing/app.ts'
import { liveApp } from '../testing/live-app.ts'
import { idsWhere } from '../testing/row-ids.ts'
import { describeEachStore } from '../testing/stores.ts'
import { workshopWithGuests } from '../testing/workshops.ts'
import { authorOf, ideaRecord, ideaText, putIdea } from './testing/board-edits.ts'
import {
  closed,
  connectClient,
  eventually,
  openRaw,
  personalMessages,
  type RawSocket,
  sendPrivateIdea,
  synced,
  type TestClient,
  waitFor,
} from './testing/clients.ts'
import { metricGrown, metricValue } from './testing/metrics.ts'
import {
  awarenessEntries,
  boardPresence,
  cursorX,
  hasPresenceAt,
  lastPrivateIdeas,
  moveCursor,
  presenceClock,
  presenceOf,
  privateIdea,
  privateIdeasGone,
  refusalCodes,
  setLiveState,
  workshopWithTwoParticipants,
} from './testing/private-side.ts'

/**
 * The room's private side against the real server with real y-websocket providers (and raw sockets
 * where a test must see every byte a person received): identities the server vouches for, presence
 * filtered per recipient, personal messages, silent writing and the reveal, authorship.
 */
describeEachStore('the private side of a live board ($name)', (target) => {
  const live = liveApp(target)
  const raws: RawSocket[] = []
  const client = (boardId: string, cookie: string) => live.connect(boardId, cookie)
  /** One synced client per person, in the order given. */
  const syncedClients = (boardId: string, people: readonly { cookie: string }[]) =>
    Promise.all(people.map((person) => live.connectSynced(boardId, person.cookie)))
  const raw = async (boardId: string, cookie: string) => {
    const opened = await openRaw(`${live.origin.replace('http', 'ws')}/collab/${boardId}`, { cookie })
    if (!('socket' in opened)) throw new Error(`refused: ${opened.status}`)
    raws.push(opened)
    return opened
  }
  /**
   * A workshop whose board is in `state`: its participant (p), facilitator (f) and observer (o)
   * connected and synced, and another participant on a raw socket (otherRaw).
   */
  async function boardIn(state: Partial<WorkshopLiveState>) {
    const { workshop, facilitator, participant, observer, other } = await workshopWithTwoParticipants(
      live.app,
      state,
    )
    const p = client(workshop.boardId, participant.cookie)
    const f = client(workshop.boardId, facilitator.cookie)
    const o = client(workshop.boardId, observer.cookie)
    const otherRaw = await raw(workshop.boardId, other.cookie)
    await Promise.all([synced(p), synced(f), synced(o)])
    return { workshop, facilitator, participant, observer, other, p, f, o, otherRaw }
  }
  const text = (messages: readonly Uint8Array[]) =>
    messages.map((m) => Buffer.from(m).toString('latin1')).join('\n')

  afterAll(() => {
    for (const r of raws) r.socket.close()
  })

  describe('identity', () => {
    /** A facilitator and a participant connected to a new board, and who the server says the participant is. */
    async function facilitatorAndParticipant() {
      const { workshop, facilitator, participant } = await workshopWithGuests(live.app)
      const f = client(workshop.boardId, facilitator.cookie)
      const p = client(workshop.boardId, participant.cookie)
      await Promise.all([synced(f), synced(p)])
      const vouched = {
        id: participant.guestId,
        name: 'Participante',
        role: 'participant',
        color: personColor(participant.guestId),
      }
      return { workshop, facilitator, participant, f, p, vouched }
    }

    it('rewrites presence with the session’s identity, drops other fields, and tells the person who they are', async () => {
      const { workshop, facilitator, participant, f, p, vouched } = await facilitatorAndParticipant()
      await waitFor(() => p.personal.some((m) => m.kind === 'identity'), 5_000, 'identity')
      expect(p.personal.find((m) => m.kind === 'identity')).toEqual({ kind: 'identity', user: vouched })

      // A state without `board` (what a plain provider or a bot publishes) becomes the vouched user alone.
      p.provider.awareness.setLocalState({ name: 'Animatrice', color: '#e03131', cursor: { x: 1, y: 2 } })
      await waitFor(() => presenceOf(f, p) !== undefined, 5_000, 'first presence')
      expect(presenceOf(f, p)).toEqual({ board: { user: vouched } })

      // Dressed up as the facilitator, with extra fields: the others see the participant, and only the
      // presence fields.
      const claimed = boardPresence({
        user: { id: facilitator.userId, name: 'Animatrice', role: 'facilitator', color: '#e03131' },
        cursor: { x: 5, y: 6, type: 'default', rotation: 0 },
        script: '<img src=x>',
      })
      p.provider.awareness.setLocalState({ board: claimed, name: 'Animatrice', extra: { a: 1 } })
      await waitFor(() => cursorX(f, p) === 5, 5_000, 'claimed presence')
      const { user: _claimedUser, script: _script, ...fields } = claimed
      expect(presenceOf(f, p)).toEqual({ board: { user: vouched, ...fields } })

      // Follow-me targets the facilitator's id: only the facilitator's own connection carries it.
      f.provider.awareness.setLocalState({ board: boardPresence() })
      await waitFor(() => presenceOf(p, f) !== undefined, 5_000, 'facilitator presence')
      const carriers = [...p.provider.awareness.getStates()]
        .filter(([clientId]) => clientId !== p.doc.clientID)
        .filter(
          ([, state]) =>
            (state as { board?: { user?: { id?: string } } }).board?.user?.id === facilitator.userId,
        )
        .map(([clientId]) => clientId)
      const onF = [...f.provider.awareness.getStates()]
        .filter(
          ([, state]) =>
            (state as { board?: { user?: { id?: string } } }).board?.user?.id === facilitator.userId,
        )
        .map(([clientId]) => clientId)
      expect(carriers).toEqual([f.doc.clientID])
      expect(onF).toEqual([])
      expect([...live.app.liveBoards.onlineActors(workshop.boardId)].sort()).toEqual(
        [facilitator.userId, participant.guestId].sort(),
      )
    })
    it('passes on each presence field only when it has the shape the board reads: a modified client cannot break other screens', async () => {
      const { f, p, vouched } = await facilitatorAndParticipant()
      // Every field of the wrong type or too large; lastActivity, well formed, marks the state's arrival.
      p.provider.awareness.setLocalState({
        board: {
          pageId: 42,
          cursor: 'here',
          selection: ['shape:a', { id: 'shape:b' }],
          viewport: { x: 0, y: 0, w: -5, h: 10 },
          editingShapeId: { toString: 'x' },
          followingUserId: 7,
          lastActivity: 123,
        },
      })
      await waitFor(() => presenceOf(f, p)?.board?.lastActivity === 123, 5_000, 'the malformed presence')
      expect(presenceOf(f, p)).toEqual({ board: { user: vouched, lastActivity: 123 } })

      // Objects are rebuilt from their known keys: an overlong cursor type and a rotation that is not a
      // number are left out (screens draw the default cursor), extra keys are gone; a selection of more
      // than 500 shapes is dropped.
      p.provider.awareness.setLocalState({
        board: {
          pageId: 'page:page',
          cursor: { x: 1, y: 2, type: 'x'.repeat(500), rotation: 'upside down', script: '<img src=x>' },
          selection: Array.from({ length: 501 }, (_, i) => `shape:${i}`),
          viewport: { x: 1, y: 2, w: 300, h: 200, extra: 'y' },
          editingShapeId: 'shape:a',
          followingUserId: null,
          lastActivity: 456,
        },
      })
      await waitFor(() => presenceOf(f, p)?.board?.lastActivity === 456, 5_000, 'the rebuilt presence')
      expect(presenceOf(f, p)).toEqual({
        board: {
          user: vouched,
          pageId: 'page:page',
          cursor: { x: 1, y: 2 },
          viewport: { x: 1, y: 2, w: 300, h: 200 },
          editingShapeId: 'shape:a',
          followingUserId: null,
          lastActivity: 456,
        },
      })
    })
  })

  describe('presence per recipient', () => {
    it('while cursors are hidden, participants and observers get no cursor nor selection of other participants; facilitators get all', async () => {
      const {
        workshop,
        facilitator,
        participant,
        p: mover,
        f,
        o,
        otherRaw: watcher,
      } = await boardIn({
        cursorsHidden: true,
      })

      moveCursor(mover, 4242.5, 1717.25, { selection: ['shape:picked'] })
      await waitFor(() => cursorX(f, mover) === 4242.5, 5_000, 'cursor at F')
      expect(presenceOf(f, mover)?.board?.selection).toEqual(['shape:picked'])
      // The same state (same clock) reached the observer and the other participant, without cursor.
      const clock = presenceClock(f, mover)
      await waitFor(() => presenceClock(o, mover) === clock, 5_000, 'state at O')
      expect(presenceOf(o, mover)?.board).toMatchObject({ cursor: null, selection: [], pageId: 'page:page' })
      await waitFor(
        () => hasPresenceAt(watcher.messages, mover, clock),
        5_000,
        'state at the other participant',
      )
      expect(text(watcher.messages)).not.toContain('4242.5')
      expect(text(watcher.messages)).not.toContain('shape:picked')

      // The facilitator's cursor still reaches everyone.
      moveCursor(f, 77.5, 1, { selection: ['shape:zone'] })
      await waitFor(() => cursorX(o, f) === 77.5, 5_000, 'F cursor at O')
      expect(presenceOf(o, f)?.board?.selection).toEqual(['shape:zone'])

      // Joining, and asking (query-awareness), gives the same view.
      const late = await raw(workshop.boardId, participant.cookie)
      await waitFor(
        () => awarenessEntries(late.messages).some((e) => e.clientId === mover.doc.clientID),
        5_000,
        'presence on joining',
      )
      late.socket.send(new Uint8Array([MessageType.queryAwareness]))
      await waitFor(
        () => awarenessEntries(late.messages).filter((e) => e.clientId === mover.doc.clientID).length >= 2,
        5_000,
        'presence asked for',
      )
      for (const entry of awarenessEntries(late.messages).filter((e) => e.clientId === mover.doc.clientID))
        expect((entry.value as { board: { cursor: unknown } }).board.cursor).toBeNull()
      const lateFacilitator = client(workshop.boardId, facilitator.cookie)
      await waitFor(
        () => cursorX(lateFacilitator, mover) === 4242.5,
        5_000,
        'cursor for a facilitator joining',
      )

      // Shown again: the next move reaches everyone.
      await setLiveState(live.app, workshop.boardId, { cursorsHidden: false })
      moveCursor(mover, 99.5, 2)
      await waitFor(() => cursorX(o, mover) === 99.5, 5_000, 'cursor shown again')
    })

    it('in an anonymous workshop, non-facilitators get participants’ presence without cursor, selection nor the card being written', async () => {
      const { workshop, facilitator, participant, other } = await workshopWithTwoParticipants(live.app, {
        anonymous: true,
      })
      const [writer, f, o] = await syncedClients(workshop.boardId, [participant, facilitator, other])
      moveCursor(writer, 31.5, 2, { selection: ['shape:mine'], editingShapeId: 'shape:mine' })
      await waitFor(() => presenceOf(f, writer)?.board?.editingShapeId === 'shape:mine', 5_000, 'at F')
      expect(presenceOf(f, writer)?.board?.selection).toEqual(['shape:mine'])
      const clock = presenceClock(f, writer)
      await waitFor(() => presenceClock(o, writer) === clock, 5_000, 'at the other participant')
      expect(presenceOf(o, writer)?.board).toMatchObject({
        cursor: null,
        selection: [],
        editingShapeId: null,
      })
      expect(presenceOf(f, writer)?.board?.cursor).toMatchObject({ x: 31.5 })
    })

    it('during a vote not yet revealed, non-facilitators get no cursor of other participants; after the reveal they do', async () => {
      const { workshop, facilitator, participant, other } = await workshopWithTwoParticipants(live.app, {
        phase: 'voting',
      })
      const [voter, f, o] = await syncedClients(workshop.boardId, [participant, facilitator, other])
      const point = (x: number) =>
        voter.provider.awareness.setLocalState({
          board: boardPresence({ cursor: { x, y: 2, type: 'default', rotation: 0 } }),
        })
      point(40)
      await waitFor(() => cursorX(f, voter) === 40, 5_000, 'at F')
      let clock = presenceClock(f, voter)
      await waitFor(() => presenceClock(o, voter) === clock, 5_000, 'at the other participant')
      expect(presenceOf(o, voter)?.board?.cursor).toBeNull()
      await setLiveState(live.app, workshop.boardId, {
        phase: 'voting',
        vote: { ...defaultLiveState.vote, revealed: true },
      })
      point(41)
      await waitFor(() => cursorX(f, voter) === 41, 5_000, 'at F, revealed')
      clock = presenceClock(f, voter)
      await waitFor(() => presenceClock(o, voter) === clock, 5_000, 'at the other participant, revealed')
      expect(presenceOf(o, voter)?.board?.cursor).toMatchObject({ x: 41 })
    })
  })

  describe('personal channel', () => {
    it('notifyVotes reaches that person’s connections and the facilitators’, nobody else', async () => {
      const { workshop, facilitator, participant, other } = await workshopWithTwoParticipants(live.app)
      const p = client(workshop.boardId, participant.cookie)
      const p2 = client(workshop.boardId, participant.cookie)
      const f = client(workshop.boardId, facilitator.cookie)
      const o = await raw(workshop.boardId, other.cookie)
      await Promise.all([synced(p), synced(p2), synced(f)])
      const votes = (messages: readonly PersonalMessage[]) =>
        messages.filter((m) => m.kind === 'votes').length
      live.app.liveBoards.notifyVotes(workshop.boardId, participant.guestId)
      await waitFor(() => votes(p.personal) === 1 && votes(p2.personal) === 1 && votes(f.personal) === 1)
      // The other participant's own nudge comes later on the same socket: the first never reached it.
      live.app.liveBoards.notifyVotes(workshop.boardId, other.guestId)
      await waitFor(() => votes(personalMessages(o.messages)) >= 1 && votes(f.personal) === 2)
      expect(votes(personalMessages(o.messages))).toBe(1)
      expect(votes(p.personal)).toBe(1)
    })
  })

  describe('silent writing', () => {
    it('keeps a private idea between its author and the facilitators, with the author set by the server, stored', async () => {
      const {
        workshop,
        participant,
        p: author,
        f,
        o,
        otherRaw: bystander,
      } = await boardIn({
        privateIdeation: true,
      })
      // Silent writing is on: everyone who may write gets their (empty) list on joining.
      await waitFor(() => lastPrivateIdeas(author.personal) !== undefined, 5_000, 'list on joining')
      expect(lastPrivateIdeas(author.personal)).toEqual([])

      sendPrivateIdea(author, { kind: 'put', idea: privateIdea('shape:secret', 'Texte secret 4711') })
      await waitFor(() => lastPrivateIdeas(author.personal)?.length === 1, 5_000, 'author list')
      const mine = lastPrivateIdeas(author.personal)![0]!
      expect(mine).toMatchObject({
        id: 'shape:secret',
        props: { text: 'Texte secret 4711', authorId: participant.guestId, authorName: 'Participante' },
      })
      await waitFor(
        () => lastPrivateIdeas(f.personal)?.some((i) => i.id === 'shape:secret') === true,
        5_000,
        'F list',
      )
      // The authorship of the new idea, to its author.
      await waitFor(
        () =>
          author.personal.some((m) => m.kind === 'authorship' && m.partial && m.own.includes('shape:secret')),
        5_000,
        'authorship',
      )

      // The bystander writes their own: their list has only it, and no byte of the other one ever came.
      const bystanderIdea = encodeJsonMessage(MessageType.privateIdea, {
        kind: 'put',
        idea: privateIdea('shape:bystander', 'autre chose'),
      })
      bystander.socket.send(bystanderIdea)
      await waitFor(
        () => lastPrivateIdeas(personalMessages(bystander.messages))?.length === 1,
        5_000,
        'bystander list',
      )
      expect(lastPrivateIdeas(personalMessages(bystander.messages))!.map((i) => i.id)).toEqual([
        'shape:bystander',
      ])
      await waitFor(
        () =>
          lastPrivateIdeas(f.personal)
            ?.map((i) => i.id)
            .sort()
            .join() === 'shape:bystander,shape:secret',
        5_000,
        'F sees both',
      )
      expect(text(bystander.messages)).not.toContain('4711')
      expect(text(bystander.messages)).not.toContain('shape:secret')
      // Nothing entered the document.
      for (const c of [author, f, o]) expect(ideaText(c.doc, 'shape:secret')).toBeUndefined()

      // Stored behind, with its author.
      const row = await eventually(
        () =>
          live.store.db
            .selectFrom('private_ideas')
            .select(['author_id', 'record'])
            .where('board_id', '=', workshop.boardId)
            .where('id', '=', 'shape:secret')
            .executeTakeFirst(),
        10_000,
        'the private row',
      )
      expect(row?.author_id).toBe(participant.guestId)
      expect(row?.record).toMatchObject({ props: { text: 'Texte secret 4711' } })
      const authorRow = await live.store.db
        .selectFrom('shape_authors')
        .select('actor_id')
        .where('board_id', '=', workshop.boardId)
        .where('shape_id', '=', 'shape:secret')
        .executeTakeFirst()
      expect(authorRow?.actor_id).toBe(participant.guestId)

      // A facilitator may rewrite it; the author stays the participant.
      sendPrivateIdea(f, { kind: 'put', idea: { ...mine, props: { ...mine.props, text: 'reformulé' } } })
      await waitFor(
        () => lastPrivateIdeas(author.personal)?.[0]?.props.text === 'reformulé',
        5_000,
        'rewritten',
      )
      expect(lastPrivateIdeas(author.personal)?.[0]?.props.authorId).toBe(participant.guestId)
      // The author deletes it.
      sendPrivateIdea(author, { kind: 'delete', id: 'shape:secret' })
      await waitFor(() => lastPrivateIdeas(author.personal)?.length === 0, 5_000, 'deleted')
      expect(author.refused).toEqual([])
    })

    it('refuses what the rights and the limits do not allow, with a code, and closes on a malformed body', async () => {
      const { workshop, facilitator, participant, observer, other } = await workshopWithTwoParticipants(
        live.app,
      )
      const author = client(workshop.boardId, participant.cookie)
      const intruder = client(workshop.boardId, other.cookie)
      const o = client(workshop.boardId, observer.cookie)
      const f = client(workshop.boardId, facilitator.cookie)
      await Promise.all([synced(author), synced(intruder), synced(o), synced(f)])
      const codes = async (c: TestClient, count: number) => {
        await waitFor(() => refusalCodes(c).length >= count, 5_000, `${count} refusals`)
        return refusalCodes(c)
      }

      // Silent writing off.
      sendPrivateIdea(author, { kind: 'put', idea: privateIdea('shape:early', 'trop tôt') })
      expect(await codes(author, 1)).toEqual(['private_ideation_off'])
      await setLiveState(live.app, workshop.boardId, { privateIdeation: true })
      sendPrivateIdea(author, { kind: 'put', idea: privateIdea('shape:own', 'à moi') })
      await waitFor(() => lastPrivateIdeas(author.personal)?.length === 1, 5_000, 'accepted')

      // Observers; someone else's idea; bad records; ids taken.
      sendPrivateIdea(o, { kind: 'put', idea: privateIdea('shape:observer', 'non') })
      expect(await codes(o, 1)).toEqual(['read_only'])
      sendPrivateIdea(intruder, { kind: 'put', idea: privateIdea('shape:own', 'volé') })
      sendPrivateIdea(intruder, { kind: 'delete', id: 'shape:own' })
      sendPrivateIdea(intruder, { kind: 'put', idea: privateIdea('shape:long', 'x'.repeat(501)) })
      sendPrivateIdea(intruder, {
        kind: 'put',
        idea: { ...privateIdea('shape:geo', 'forme'), type: 'geo' } as never,
      })
      const zoneId = [...records(f.doc).map.values()].find(
        (entry) => (entry.val as { type?: string }).type === 'zone',
      )!.key
      sendPrivateIdea(intruder, { kind: 'put', idea: privateIdea(zoneId, 'par-dessus une zone') })
      sendPrivateIdea(intruder, { kind: 'delete', id: 'shape:nothing' })
      expect(await codes(intruder, 6)).toEqual([
        'not_author',
        'not_author',
        'invalid_record',
        'invalid_record',
        'id_taken',
        'unknown_idea',
      ])
      expect(lastPrivateIdeas(author.personal)?.[0]?.props.text).toBe('à moi')

      // The phase: no new idea while voting; the board locked: read-only.
      await setLiveState(live.app, workshop.boardId, { phase: 'voting' })
      sendPrivateIdea(intruder, { kind: 'put', idea: privateIdea('shape:vote-time', 'pendant le vote') })
      expect((await codes(intruder, 7)).at(-1)).toBe('ideas_closed')
      await setLiveState(live.app, workshop.boardId, { phase: 'ideation', locked: true })
      sendPrivateIdea(intruder, { kind: 'put', idea: privateIdea('shape:locked', 'verrouillé') })
      expect((await codes(intruder, 8)).at(-1)).toBe('read_only')
      await setLiveState(live.app, workshop.boardId, { locked: false })

      // The allowance per minute: the 31st new idea of one participant is refused.
      for (let i = 0; i < IDEAS_PER_PARTICIPANT_PER_MINUTE; i++)
        sendPrivateIdea(intruder, { kind: 'put', idea: privateIdea(`shape:burst-${i}`, `idée ${i}`) })
      sendPrivateIdea(intruder, { kind: 'put', idea: privateIdea('shape:burst-over', 'de trop') })
      expect((await codes(intruder, 9)).at(-1)).toBe('too_many_ideas')
      await waitFor(
        () => lastPrivateIdeas(intruder.personal)?.length === IDEAS_PER_PARTICIPANT_PER_MINUTE,
        5_000,
        'the allowed ones',
      )
      // Facilitators are not counted.
      for (let i = 0; i < IDEAS_PER_PARTICIPANT_PER_MINUTE + 1; i++)
        sendPrivateIdea(f, { kind: 'put', idea: privateIdea(`shape:f-${i}`, `animatrice ${i}`) })
      await waitFor(
        () => lastPrivateIdeas(f.personal)?.length === 2 * IDEAS_PER_PARTICIPANT_PER_MINUTE + 2,
        5_000,
        'facilitator ideas',
      )
      expect(f.refused).toEqual([])

      // A body outside the protocol closes the connection (4400).
      const rawAuthor = await raw(workshop.boardId, participant.cookie)
      const closing = closed(rawAuthor.socket)
      rawAuthor.socket.send(encodeJsonMessage(MessageType.privateIdea, { kind: 'replace', everything: true }))
      expect((await closing).code).toBe(CloseCode.badMessage)
    })

    it(`refuses new ideas past ${MAX_IDEAS_PER_BOARD} on the board, document and private together`, async () => {
      const { workshop, participant } = await workshopWithGuests(live.app)
      await setLiveState(live.app, workshop.boardId, { privateIdeation: true })
      await live.app.liveBoards.change(workshop.boardId, (doc) => {
        const index = boardRecords(doc)
        for (let i = 0; i < MAX_IDEAS_PER_BOARD - 1; i++)
          index.set(
            ideaRecord(
              `shape:bulk-${i}`,
              { id: '', name: '' },
              `carte ${i}`,
              (i % 50) * 220,
              2000 + Math.floor(i / 50) * 160,
            ),
          )
      })
      const p = client(workshop.boardId, participant.cookie)
      await synced(p, 30_000)
      sendPrivateIdea(p, { kind: 'put', idea: privateIdea('shape:last-one', 'la dernière') })
      await waitFor(() => lastPrivateIdeas(p.personal)?.length === 1, 10_000, 'the last idea that fits')
      sendPrivateIdea(p, { kind: 'put', idea: privateIdea('shape:one-too-many', 'de trop') })
      await waitFor(() => refusalCodes(p).length === 1, 10_000, 'refusal')
      expect(refusalCodes(p)).toEqual(['board_full'])
    })

    it('keeps an idea that a client writes into the board during silent writing as its author’s private idea', async () => {
      const { workshop, facilitator, participant, other } = await workshopWithTwoParticipants(live.app, {
        privateIdeation: true,
      })
      const writer = client(workshop.boardId, participant.cookie)
      const f = client(workshop.boardId, facilitator.cookie)
      const bystander = await raw(workshop.boardId, other.cookie)
      await Promise.all([synced(writer), synced(f)])
      // An unmodified provider writes the card into the shared document, as a client unaware of silent
      // writing would: the review takes it out in the same transaction and keeps it here.
      putIdea(writer.doc, 'shape:into-board', authorOf(participant), 'Écrit au tableau 5150')
      await waitFor(
        () => lastPrivateIdeas(writer.personal)?.some((i) => i.id === 'shape:into-board') === true,
        5_000,
        'kept private',
      )
      await waitFor(
        () => lastPrivateIdeas(f.personal)?.some((i) => i.id === 'shape:into-board') === true,
        5_000,
        'F list',
      )
      await waitFor(() => ideaText(writer.doc, 'shape:into-board') === undefined, 5_000, 'out of the board')
      // The bystander's own private idea comes back to it: the server has dealt with the earlier one.
      bystander.socket.send(
        encodeJsonMessage(MessageType.privateIdea, {
          kind: 'put',
          idea: privateIdea('shape:by2', 'le mien'),
        }),
      )
      await waitFor(
        () => lastPrivateIdeas(personalMessages(bystander.messages))?.length === 1,
        5_000,
        'bystander list',
      )
      expect(text(bystander.messages)).not.toContain('5150')
      expect(ideaText(f.doc, 'shape:into-board')).toBeUndefined()
      expect(await live.app.liveBoards.revealPrivateIdeas(workshop.boardId)).toBe(2)
      await waitFor(() => ideaText(f.doc, 'shape:into-board') === 'Écrit au tableau 5150', 5_000, 'revealed')
    })

    it('reveals every private idea at once, where its author left it, once, and empties the private store', async () => {
      const { workshop, facilitator, participant, other } = await workshopWithTwoParticipants(live.app, {
        privateIdeation: true,
      })
      const [a, b, f] = await syncedClients(workshop.boardId, [participant, other, facilitator])
      sendPrivateIdea(a, { kind: 'put', idea: privateIdea('shape:rev-a', 'idée A', { x: 321, y: 654 }) })
      sendPrivateIdea(b, {
        kind: 'put',
        idea: privateIdea('shape:rev-b', 'idée B', { x: 11, y: 22, parentId: 'shape:gone' as never }),
      })
      await waitFor(() => lastPrivateIdeas(f.personal)?.length === 2, 5_000, 'both private')

      await setLiveState(live.app, workshop.boardId, { privateIdeation: false })
      expect(await live.app.liveBoards.revealPrivateIdeas(workshop.boardId)).toBe(2)
      for (const c of [a, b, f])
        await waitFor(
          () => ideaText(c.doc, 'shape:rev-a') === 'idée A' && ideaText(c.doc, 'shape:rev-b') === 'idée B',
        )
      const revealedA = records(b.doc).get('shape:rev-a') as unknown as {
        x: number
        y: number
        props: Record<string, string>
      }
      expect(revealedA).toMatchObject({
        x: 321,
        y: 654,
        props: { authorId: participant.guestId, authorName: 'Participante' },
      })
      // Its parent is gone: the idea lands on the page, at its position.
      expect(records(a.doc).get('shape:rev-b')).toMatchObject({ parentId: 'page:page', x: 11, y: 22 })
      // One entry per idea in the document.
      const entries = f.doc.getArray<{ key: string }>('records').toArray()
      expect(entries.filter((e) => e.key === 'shape:rev-a')).toHaveLength(1)
      await waitFor(
        () => lastPrivateIdeas(a.personal)?.length === 0 && lastPrivateIdeas(f.personal)?.length === 0,
      )

      // The private rows go, authorship stays; a second reveal finds nothing.
      await privateIdeasGone(live.store.db, workshop.boardId)
      const authors = await live.store.db
        .selectFrom('shape_authors')
        .select(['shape_id', 'actor_id'])
        .where('board_id', '=', workshop.boardId)
        .orderBy('shape_id')
        .execute()
      expect(authors).toEqual([
        { shape_id: 'shape:rev-a', actor_id: participant.guestId },
        { shape_id: 'shape:rev-b', actor_id: other.guestId },
      ])
      expect(await live.app.liveBoards.revealPrivateIdeas(workshop.boardId)).toBe(0)
    })

    it('in an anonymous workshop, reveals without author fields and tells each person which cards are theirs', async () => {
      const { workshop, facilitator, participant } = await workshopWithGuests(live.app)
      await setLiveState(live.app, workshop.boardId, { privateIdeation: true, anonymous: true })
      const a = client(workshop.boardId, participant.cookie)
      const f = client(workshop.boardId, facilitator.cookie)
      await Promise.all([synced(a), synced(f)])
      sendPrivateIdea(a, { kind: 'put', idea: privateIdea('shape:anon', 'sans nom') })
      await waitFor(() => lastPrivateIdeas(a.personal)?.length === 1, 5_000, 'private')
      expect(lastPrivateIdeas(a.personal)![0]!.props).toMatchObject({ authorId: '', authorName: '' })
      // Facilitators learn who wrote it (authorship `authors`), participants only that it is theirs.
      await waitFor(
        () => f.personal.some((m) => m.kind === 'authorship' && m.authors?.['shape:anon'] === 'Participante'),
        5_000,
        'authors for F',
      )
      expect(a.personal.filter((m) => m.kind === 'authorship').every((m) => m.authors === undefined)).toBe(
        true,
      )
      expect(await live.app.liveBoards.revealPrivateIdeas(workshop.boardId)).toBe(1)
      await waitFor(() => ideaText(f.doc, 'shape:anon') === 'sans nom')
      expect(records(f.doc).get('shape:anon')).toMatchObject({ props: { authorId: '', authorName: '' } })
      expect(
        await live.app.liveBoards.withRoom(workshop.boardId, (room) => room.context.authorOf('shape:anon')),
      ).toEqual({ actorId: participant.guestId, displayName: 'Participante' })

      // Joining again: the whole authorship (own cards; every author for facilitators).
      const again = client(workshop.boardId, participant.cookie)
      const fAgain = client(workshop.boardId, facilitator.cookie)
      await waitFor(() => again.personal.some((m) => m.kind === 'authorship'), 5_000, 'authorship on joining')
      expect(again.personal.find((m) => m.kind === 'authorship')).toEqual({
        kind: 'authorship',
        own: ['shape:anon'],
      })
      await waitFor(
        () => fAgain.personal.some((m) => m.kind === 'authorship'),
        5_000,
        'F authorship on joining',
      )
      expect(fAgain.personal.find((m) => m.kind === 'authorship')).toEqual({
        kind: 'authorship',
        own: [],
        authors: { 'shape:anon': 'Participante' },
      })
    })

    it('tells a person of shapes recorded as theirs (validation, HTTP) as they are created, coalesced', async () => {
      const { workshop, participant } = await workshopWithGuests(live.app)
      const p = client(workshop.boardId, participant.cookie)
      await synced(p)
      await live.app.liveBoards.withRoom(workshop.boardId, (room) => {
        for (let i = 0; i < 20; i++)
          room.context.recordAuthor(`shape:made-${i}`, {
            actorId: participant.guestId,
            displayName: 'Participante',
          })
      })
      await waitFor(
        () => p.personal.some((m) => m.kind === 'authorship' && m.partial === true),
        5_000,
        'authorship push',
      )
      const pushes = p.personal.filter((m) => m.kind === 'authorship' && m.partial)
      expect(pushes).toHaveLength(1)
      expect(pushes[0]).toEqual({
        kind: 'authorship',
        own: [...Array(20).keys()].map((i) => `shape:made-${i}`),
        partial: true,
      })
    })
  })

  describe('storage', () => {
    it('loads the private side with the board before answering anyone, and drops private rows the board already holds', async () => {
      const { workshop, facilitator, participant } = await workshopWithGuests(live.app)
      // Left by an earlier run (another instance, gone since): two private ideas, one of which a reveal
      // already stored in the board before the run could delete its row.
      const earlier = await buildTestApp(live.store)
      await earlier.liveBoards.change(workshop.boardId, (doc) => {
        boardRecords(doc).set(ideaRecord('shape:stored', authorOf(participant), 'déjà révélée'))
      })
      await earlier.close()
      const rows = ['shape:kept', 'shape:stored'].map((id) => ({
        board_id: workshop.boardId,
        id,
        author_id: participant.guestId,
        author_name: 'Participante',
        record: json(
          privateIdea(id, `texte de ${id}`, {
            props: {
              ...privateIdea(id, '').props,
              text: `texte de ${id}`,
              authorId: participant.guestId,
              authorName: 'Participante',
            },
          }) as Record<string, unknown>,
        ),
      }))
      await live.store.db.insertInto('private_ideas').values(rows).execute()
      await live.store.db
        .insertInto('shape_authors')
        .values({
          board_id: workshop.boardId,
          shape_id: 'shape:kept',
          actor_id: participant.guestId,
          display_name: 'Participante',
        })
        .execute()
      const p = client(workshop.boardId, participant.cookie)
      const f = client(workshop.boardId, facilitator.cookie)
      await waitFor(() => lastPrivateIdeas(p.personal) !== undefined, 10_000, 'list on joining')
      expect(lastPrivateIdeas(p.personal)!.map((i) => i.id)).toEqual(['shape:kept'])
      expect(p.personal.find((m) => m.kind === 'authorship')).toEqual({
        kind: 'authorship',
        own: ['shape:kept'],
      })
      await waitFor(() => lastPrivateIdeas(f.personal) !== undefined, 10_000, 'F list on joining')
      expect(lastPrivateIdeas(f.personal)!.map((i) => i.id)).toEqual(['shape:kept'])
      const ids = await eventually(
        async () => {
          const rows = await idsWhere(live.store.db, 'private_ideas', 'board_id', workshop.boardId)
          return rows.length === 1 ? rows : undefined
        },
        10_000,
        'one private row left',
      )
      expect(ids).toEqual(['shape:kept'])
    })

    it('keeps a private idea in memory while its write fails (the room stays loaded), stores it when the database answers again, and at shutdown', async () => {
      const { workshop, participant } = await workshopWithGuests(live.app)
      await setLiveState(live.app, workshop.boardId, { privateIdeation: true })
      // A second instance on the same store, so that this test may shut it down.
      // Unloads after 100 ms, so that a room left unstored would be gone within the test's waits.
      const second = await buildTestApp(live.store, { config: { roomUnloadDelayMs: 100 } })
      const secondOrigin = await second.listen({ port: 0, host: '127.0.0.1' })
      const p = connectClient(secondOrigin, workshop.boardId, participant.cookie)
      live.clients.push(p)
      await synced(p)
      const rowsOf = async () =>
        (await idsWhere(live.store.db, 'private_ideas', 'board_id', workshop.boardId)).sort()
      let closing: Promise<unknown> | null = null
      try {
        await sql`alter table private_ideas rename to private_ideas_away`.execute(live.store.db)
        sendPrivateIdea(p, { kind: 'put', idea: privateIdea('shape:while-down', 'pendant la panne') })
        await waitFor(() => lastPrivateIdeas(p.personal)?.length === 1, 5_000, 'kept in memory')
        // Its author leaves. Failing writes are retried with backoff (50 ms doubling): four more failures
        // take some 750 ms, seven times the unload delay. The idea stays in memory, and the room does not
        // unload while it is unstored: a room loaded afresh would read no row and hold none.
        const room = await second.liveBoards.withRoom(workshop.boardId, (r) => r)
        const failures = await metricValue(second, 'kenlabour_collab_persist_failures_total')
        p.provider.disconnect()
        await metricGrown(second, 'kenlabour_collab_persist_failures_total', failures, 4)
        expect(room.destroyed).toBe(false)
        expect(room.context.privateIdeaCount()).toBe(1)
        await sql`alter table private_ideas_away rename to private_ideas`.execute(live.store.db)
        p.provider.connect()
        await waitFor(() => p.provider.wsconnected, 5_000, 'author back')
        const stored = await eventually(
          async () => {
            const rows = await rowsOf()
            return rows.length > 0 ? rows : undefined
          },
          10_000,
          'the private idea stored',
        )
        expect(stored).toEqual(['shape:while-down'])

        // Shutdown stores what is still pending: the table is away when it starts, so only the
        // shutdown's own retries can store the idea.
        await sql`alter table private_ideas rename to private_ideas_away`.execute(live.store.db)
        sendPrivateIdea(p, { kind: 'put', idea: privateIdea('shape:at-shutdown', 'à l’arrêt') })
        await waitFor(() => lastPrivateIdeas(p.personal)?.length === 2, 5_000, 'second idea in memory')
        const beforeClose = await metricValue(second, 'kenlabour_collab_persist_failures_total')
        closing = second.close()
        // A write fails after the shutdown began: the table comes back while the shutdown retries.
        await metricGrown(second, 'kenlabour_collab_persist_failures_total', beforeClose)
        await sql`alter table private_ideas_away rename to private_ideas`.execute(live.store.db)
        await closing
        expect(await rowsOf()).toEqual(['shape:at-shutdown', 'shape:while-down'])
      } finally {
        await sql`alter table if exists private_ideas_away rename to private_ideas`.execute(live.store.db)
        await (closing ?? second.close())
      }
    })
  })
})
