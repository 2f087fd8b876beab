import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import * as decoding from 'lib0/decoding'
import type * as Y from 'yjs'
import { META_WORKSHOP, meta, readLiveState } from '../../../shared/board/document.ts'
import type { PersonalMessage, PrivateIdeaRecord } from '../../../shared/collab/messages.ts'
import type { WorkshopLiveState } from '../../../shared/workshop/live-state.ts'
import type { Database } from '../../db/schema.ts'
import { idsWhere } from '../../testing/row-ids.ts'
import { joinAsGuest, workshopWithGuests } from '../../testing/workshops.ts'
import { type AwarenessEntry, readAwarenessUpdate } from '../awareness-updates.ts'
import { ideaRecord } from './board-edits.ts'
import { eventually, type TestClient } from './clients.ts'

/**
 * Helpers for tests of a room's private side: live state changes as the server makes them, presence
 * as the board client publishes it, private ideas as Kenlabour's client sends them, and readers of what
 * a raw socket received.
 */

/** Changes meta.workshop as the facilitator routes do (a server change, stored and broadcast). */
export function setLiveState(
  app: FastifyInstance,
  boardId: string,
  patch: Partial<WorkshopLiveState>,
): Promise<void> {
  return app.liveBoards.change(boardId, (doc: Y.Doc) => {
    meta(doc).set(META_WORKSHOP, { ...readLiveState(doc), ...patch })
  })
}

/**
 * A workshop with its facilitator, its observer and two participants ('Participante' and 'Autre'), its
 * live state changed by `state` when given.
 */
export async function workshopWithTwoParticipants(app: FastifyInstance, state?: Partial<WorkshopLiveState>) {
  const people = await workshopWithGuests(app)
  const other = await joinAsGuest(app, people.workshop.joinCode, 'Autre')
  if (state) await setLiveState(app, people.workshop.boardId, state)
  return { ...people, other }
}

/** The `board` presence field as client/board/presence.ts publishes it. */
export function boardPresence(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    user: { id: 'claimed-id', name: 'Claimed', color: '#000000', role: 'participant' },
    pageId: 'page:page',
    cursor: { x: 10, y: 20, type: 'default', rotation: 0 },
    selection: [],
    viewport: { x: 0, y: 0, w: 1280, h: 800 },
    editingShapeId: null,
    followingUserId: null,
    lastActivity: 1,
    ...overrides,
  }
}

/** Publishes `client`'s board presence: its cursor at (x, y), with other `fields` (selection, editing). */
export function moveCursor(
  client: TestClient,
  x: number,
  y: number,
  fields: Record<string, unknown> = {},
): void {
  client.provider.awareness.setLocalState({
    board: boardPresence({ cursor: { x, y, type: 'default', rotation: 0 }, ...fields }),
  })
}

/** The x of `of`'s cursor as `seen` holds it (undefined when hidden or absent). */
export function cursorX(seen: TestClient, of: TestClient): number | undefined {
  return (presenceOf(seen, of)?.board?.cursor as { x?: number } | null | undefined)?.x
}

/** The presence of `of` as `seen` holds it (undefined when absent). */
export function presenceOf(
  seen: TestClient,
  of: TestClient,
): { board?: Record<string, unknown> } | undefined {
  return seen.provider.awareness.getStates().get(of.doc.clientID) as
    | { board?: Record<string, unknown> }
    | undefined
}

/** The clock of `of`'s presence as `seen` holds it (0 when absent). */
export function presenceClock(seen: TestClient, of: TestClient): number {
  return seen.provider.awareness.meta.get(of.doc.clientID)?.clock ?? 0
}

/** Every awareness entry among raw messages, in order of arrival. */
export function awarenessEntries(messages: readonly Uint8Array[]): AwarenessEntry[] {
  const entries: AwarenessEntry[] = []
  for (const message of messages) {
    if (message[0] !== 1) continue
    const decoder = decoding.createDecoder(message)
    decoding.readVarUint(decoder)
    entries.push(...readAwarenessUpdate(decoding.readVarUint8Array(decoder)))
  }
  return entries
}

/** Whether raw messages hold `of`'s presence at `clock` (the state another client saw). */
export function hasPresenceAt(messages: readonly Uint8Array[], of: TestClient, clock: number): boolean {
  return awarenessEntries(messages).some((e) => e.clientId === of.doc.clientID && e.clock === clock)
}

/** A private idea record as tests read it. */
export type IdeaRecord = PrivateIdeaRecord & {
  props: { text: string; authorId: string; authorName: string } & Record<string, unknown>
}

/** An idea record for a private idea (valid for the board schema). */
export function privateIdea(id: string, text: string, extra: Record<string, unknown> = {}): IdeaRecord {
  return {
    ...(ideaRecord(id, { id: 'someone-else', name: 'Quelqu’un' }, text) as unknown as IdeaRecord),
    ...extra,
  }
}

/** The latest `privateIdeas` list among personal messages (undefined before the first). */
export function lastPrivateIdeas(messages: readonly PersonalMessage[]): IdeaRecord[] | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!
    if (message.kind === 'privateIdeas') return message.ideas as IdeaRecord[]
  }
  return undefined
}

/** The codes of every refusal a client received so far. */
export function refusalCodes(client: TestClient): string[] {
  // The recorded body starts with the varString's length: read the codes out of the JSON text.
  return client.refused.flatMap((body) => [...String(body).matchAll(/"code":"([^"]+)"/g)].map((m) => m[1]!))
}

/** Resolves once the store holds no private idea of `boardId` any more (after a reveal or an erasure). */
export function privateIdeasGone(db: Kysely<Database>, boardId: string): Promise<true> {
  const gone = async () =>
    (await idsWhere(db, 'private_ideas', 'board_id', boardId)).length === 0 ? true : undefined
  return eventually(gone, 10_000, 'the private ideas gone')
}
