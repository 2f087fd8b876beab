import { createTLStore, defaultBindingUtils, defaultShapeUtils, type TLRecord, type TLShape } from 'tldraw'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createBoardDocument } from '../../shared/board/create-board.ts'
import { boardSchema } from '../../shared/board/schema.ts'
import { ideaShapeVersions } from '../../shared/board/shapes.ts'
import { defaultLiveState } from '../../shared/workshop/live-state.ts'
import { readIdeasAnswer } from '../post/ideas-answer.ts'
import {
  dotTotals,
  liveState,
  myDotsLeft,
  myVotes,
  session,
  totalsVisible,
  voteTotals,
  votingOn,
} from './board-state.ts'
import { exportFileName } from './exports.ts'
import {
  boardShapeUtils,
  ClusterShapeUtil,
  clusterTitleSize,
  IdeaShapeUtil,
  ideaTextSize,
  ZoneShapeUtil,
} from './shapes.tsx'
import { formatCountdown } from './timer.ts'
import { bindYjsStore, boardDocParts } from './yjs-store.ts'

const zones = [
  { priorityCode: 'P1', actionCode: '', title: 'Mobilités' },
  { priorityCode: 'P2', actionCode: '2.1', title: 'Rénovation' },
]

describe('custom shapes (client side of shared/board)', () => {
  it('give the client the exact schema the server validates with', () => {
    const store = createTLStore({
      shapeUtils: [...defaultShapeUtils, ...boardShapeUtils],
      bindingUtils: defaultBindingUtils,
    })
    expect(store.schema.serialize()).toEqual(boardSchema.serialize())
  })

  it('make default props that pass the shared validators, and refuse bad ones', () => {
    const store = createTLStore({ schema: boardSchema })
    ;(store as unknown as { ensureStoreIsUsable(): void }).ensureStoreIsUsable()
    const page = store.query.records('page').get()[0]!.id
    const base = {
      typeName: 'shape',
      x: 0,
      y: 0,
      rotation: 0,
      parentId: page,
      isLocked: false,
      opacity: 1,
      meta: {},
    }
    const utils = [IdeaShapeUtil, ZoneShapeUtil, ClusterShapeUtil]
    utils.forEach((Util, i) => {
      const props = (Util.prototype.getDefaultProps as () => object)()
      store.put([
        { ...base, id: `shape:${Util.type}`, type: Util.type, index: `a${i + 1}`, props } as TLRecord,
      ])
      expect(store.get(`shape:${Util.type}` as TLShape['id'])).toBeTruthy()
    })
    const idea = store.get('shape:idea' as TLShape['id']) as TLShape
    expect(() =>
      store.put([{ ...idea, props: { ...idea.props, text: 'x'.repeat(501) } } as TLRecord]),
    ).toThrow()
    expect(() => store.put([{ ...idea, props: { ...idea.props, w: Number.NaN } } as TLRecord])).toThrow()
    expect(() => store.put([{ ...idea, props: { ...idea.props, extra: 1 } } as TLRecord])).toThrow()
  })

  it('load a board made by the server (zones, meta) into the store without writing anything back', () => {
    const doc = createBoardDocument({ zones })
    const before = Y.encodeStateVector(doc)
    const store = createTLStore({ schema: boardSchema })
    const binding = bindYjsStore(store, doc)
    expect(binding.status).toEqual({ kind: 'synced' })
    const loaded = store
      .allRecords()
      .filter((r): r is TLShape => r.typeName === 'shape' && (r as TLShape).type === 'zone')
      .map((z) => (z.props as { priorityCode: string }).priorityCode)
      .sort()
    expect(loaded).toEqual(['P1', 'P2'])
    expect(Y.encodeStateVector(doc)).toEqual(before)
    binding.dispose()
  })

  it('migrate an idea written before authors existed when the board is loaded', () => {
    const doc = createBoardDocument({ zones })
    const schema = structuredClone(boardSchema.serialize()) as { sequences: Record<string, number> }
    schema.sequences['com.tldraw.shape.idea'] = 0
    const { records, meta } = boardDocParts(doc)
    doc.transact(() => {
      meta.set('schema', schema)
      records.set('shape:old', {
        id: 'shape:old',
        typeName: 'shape',
        type: 'idea',
        x: 10,
        y: 10,
        rotation: 0,
        index: 'a9',
        parentId: 'page:page',
        isLocked: false,
        opacity: 1,
        meta: {},
        props: { w: 200, h: 140, text: 'Ancienne idée', color: 'yellow' },
      } as unknown as TLRecord)
    })
    expect(ideaShapeVersions.AddAuthor).toBe('com.tldraw.shape.idea/1')
    const store = createTLStore({ schema: boardSchema })
    const binding = bindYjsStore(store, doc)
    expect(binding.status.kind).toBe('synced')
    expect((store.get('shape:old' as TLShape['id']) as TLShape).props).toMatchObject({
      text: 'Ancienne idée',
      authorId: '',
      authorName: '',
    })
    binding.dispose()
  })
})

describe('dot voting state', () => {
  it('derives what I have left, the totals I may see and where I may vote from my ballot', () => {
    session.set({ actorId: 'g-paul', displayName: 'Paul', role: 'participant', locale: 'fr' })
    liveState.set({
      ...defaultLiveState,
      phase: 'voting',
      vote: { dotsPerParticipant: 3, target: 'ideas', revealed: false },
    })
    expect(votingOn.get()).toBe('idea')
    // My dots as the server answered them (votes.ts); nobody else's ever reach the page.
    myVotes.set({ 'shape:a': 2, 'shape:b': 1 })
    expect(myDotsLeft.get()).toBe(0)
    // Without a visible total, nothing is shown; the server's totals once revealed.
    expect(totalsVisible.get()).toBe(false)
    liveState.set({ ...liveState.get(), vote: { ...liveState.get().vote, revealed: true } })
    voteTotals.set({ 'shape:a': 3, 'shape:b': 1 })
    expect(totalsVisible.get()).toBe(true)
    expect(dotTotals.get().get('shape:a')).toBe(3)
    myVotes.set({ 'shape:a': 2 })
    expect(myDotsLeft.get()).toBe(1)
    liveState.set({ ...liveState.get(), vote: { ...liveState.get().vote, target: 'clusters' } })
    expect(votingOn.get()).toBe('cluster')
    session.set({ ...session.get(), role: 'observer' })
    expect(votingOn.get()).toBe(null)
    myVotes.set({})
    voteTotals.set({})
  })
})

describe('cards zoomed out', () => {
  it('keep their text at 11 px or more on screen down to 25 %, then become coloured blocks', () => {
    for (let zoom = 0.25; zoom <= 2; zoom += 0.01) {
      const size = ideaTextSize(zoom)
      expect(size, `at ${zoom}`).not.toBeNull()
      expect(size! * zoom, `at ${zoom}`).toBeGreaterThanOrEqual(11)
    }
    expect(ideaTextSize(1)).toBe(17)
    expect(ideaTextSize(0.24)).toBeNull()
  })

  it('keep cluster names at 12 px or more on screen down to 25 %', () => {
    for (let zoom = 0.25; zoom <= 2; zoom += 0.01)
      expect(clusterTitleSize(zoom) * zoom, `at ${zoom}`).toBeGreaterThanOrEqual(12)
    expect(clusterTitleSize(1)).toBe(20)
  })
})

describe('small helpers', () => {
  it('format the countdown, rounding up', () => {
    expect(formatCountdown(300_000)).toBe('5:00')
    expect(formatCountdown(299_001)).toBe('5:00')
    expect(formatCountdown(59_000)).toBe('0:59')
    expect(formatCountdown(0)).toBe('0:00')
    expect(formatCountdown(3_600_000 + 65_000)).toBe('1:01:05')
  })

  it('name export files after the workshop', () => {
    expect(exportFileName('Atelier « Mobilités » 2026', 'pdf', new Date('2026-11-26T10:00:00Z'))).toBe(
      'atelier-mobilites-2026-2026-11-26.pdf',
    )
  })

  it('read the ideas-by-zone answer of the server', () => {
    const zonesRead = readIdeasAnswer({
      zones: [
        {
          id: 'shape:z',
          priorityCode: 'P1',
          actionCode: '',
          title: 'P1 — Mobilités',
          ideas: [
            { id: 'shape:i', text: 'Vélo', authorName: 'Léa', cluster: null, mine: false, private: false },
          ],
        },
      ],
      loose: [
        { id: 'shape:j', text: 'Libre', authorName: 'Paul', cluster: null, mine: true, private: false },
      ],
    })
    expect(zonesRead).toEqual([
      {
        id: 'shape:z',
        title: 'P1 — Mobilités',
        priorityCode: 'P1',
        actionCode: '',
        ideas: [
          { id: 'shape:i', text: 'Vélo', authorName: 'Léa', cluster: null, mine: false, private: false },
        ],
      },
      {
        id: null,
        title: '',
        ideas: [
          { id: 'shape:j', text: 'Libre', authorName: 'Paul', cluster: null, mine: true, private: false },
        ],
      },
    ])
  })
})
