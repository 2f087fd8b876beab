import type { SerializedSchemaV2 } from '@tldraw/store'
import { createShapeId, type TLRecord } from '@tldraw/tlschema'
import { describe, expect, it } from 'vitest'
import { boardSchema, checkBoardRecord, documentRecordTypes, RECORD_JSON_MAX } from './schema.ts'
import { IDEA_TEXT_MAX } from './shapes.ts'

function idea(props: Record<string, unknown> = {}, fields: Record<string, unknown> = {}): any {
  return {
    id: 'shape:idea1',
    typeName: 'shape',
    type: 'idea',
    x: 10,
    y: 20,
    rotation: 0,
    index: 'a1',
    parentId: 'page:page',
    isLocked: false,
    opacity: 1,
    meta: {},
    props: {
      w: 200,
      h: 140,
      text: 'Un tiers-lieu',
      color: 'yellow',
      authorId: 'g1',
      authorName: 'Anne',
      ...props,
    },
    ...fields,
  }
}

function zone(props: Record<string, unknown> = {}): any {
  return {
    ...idea(),
    id: 'shape:zone1',
    type: 'zone',
    props: {
      w: 1400,
      h: 1000,
      title: 'P1 — Mobilités',
      priorityCode: 'P1',
      actionCode: '',
      color: 'blue',
      ...props,
    },
  }
}

function cluster(props: Record<string, unknown> = {}): any {
  return {
    ...idea(),
    id: 'shape:cluster1',
    type: 'cluster',
    props: { w: 400, h: 300, title: 'Vélo', ...props },
  }
}

describe('board schema: custom shapes', () => {
  it('accepts good idea, zone and cluster records', () => {
    for (const record of [idea(), zone(), cluster(), zone({ actionCode: '1.2' })]) {
      const check = checkBoardRecord(record.id, record)
      expect(check, JSON.stringify(check)).toMatchObject({ ok: true })
    }
  })

  it('accepts tldraw default shapes (a geo shape) and the document and page records', () => {
    const page = { id: 'page:page', typeName: 'page', name: 'Page 1', index: 'a1', meta: {} }
    const document = { id: 'document:document', typeName: 'document', gridSize: 10, name: '', meta: {} }
    expect(checkBoardRecord(page.id, page).ok).toBe(true)
    expect(checkBoardRecord(document.id, document).ok).toBe(true)
  })

  it.each([
    ['x: NaN', idea({}, { x: Number.NaN })],
    ['y: Infinity', idea({}, { y: Number.POSITIVE_INFINITY })],
    ['an unknown shape type', idea({}, { type: 'rocket' })],
    ['an extra prop', idea({ evil: true })],
    [
      'a missing prop',
      (() => {
        const r = idea()
        delete r.props.authorName
        return r
      })(),
    ],
    ['text of the wrong type', idea({ text: 42 })],
    ['text over 500 characters', idea({ text: 'x'.repeat(IDEA_TEXT_MAX + 1) })],
    ['a zero width', idea({ w: 0 })],
    ['a negative height', idea({ h: -5 })],
    ['an unknown colour', idea({ color: 'chartreuse' })],
    ['a bad index key', idea({}, { index: 'not an index' })],
    [
      'a zone without actionCode',
      (() => {
        const r = zone()
        delete r.props.actionCode
        return r
      })(),
    ],
    ['a cluster title of the wrong type', cluster({ title: null })],
  ])('rejects %s', (_name, record) => {
    expect(checkBoardRecord(record.id, record).ok).toBe(false)
  })

  it('rejects an id that does not match its key, a non-document type and a non-object', () => {
    expect(checkBoardRecord('shape:other', idea())).toMatchObject({ ok: false })
    const camera = { id: 'camera:1', typeName: 'camera', x: 0, y: 0, z: 1, meta: {} }
    expect(checkBoardRecord(camera.id, camera)).toMatchObject({ ok: false })
    expect(checkBoardRecord('x', 'text')).toMatchObject({ ok: false })
    expect(checkBoardRecord('x', null)).toMatchObject({ ok: false })
    expect(documentRecordTypes.has('camera')).toBe(false)
    expect(documentRecordTypes.has('shape')).toBe(true)
  })

  it('rejects a record larger than RECORD_JSON_MAX even when tldraw would accept it', () => {
    const geo = {
      ...idea(),
      id: createShapeId('big'),
      type: 'text',
      props: {
        color: 'black',
        size: 'm',
        font: 'draw',
        textAlign: 'start',
        w: 100,
        richText: {
          type: 'doc',
          content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x'.repeat(RECORD_JSON_MAX) }] }],
        },
        scale: 1,
        autoSize: true,
      },
    }
    const small = { ...geo, props: { ...geo.props, richText: { type: 'doc', content: [] } } }
    expect(checkBoardRecord(small.id, small)).toMatchObject({ ok: true })
    expect(checkBoardRecord(geo.id, geo)).toMatchObject({ ok: false })
  })
})

describe('board schema: migrations', () => {
  const current = boardSchema.serialize() as SerializedSchemaV2

  it('names the custom shapes in the serialized schema at version 1', () => {
    expect(current.sequences['com.tldraw.shape.idea']).toBe(1)
    expect(current.sequences['com.tldraw.shape.zone']).toBe(1)
    expect(current.sequences['com.tldraw.shape.cluster']).toBe(1)
  })

  it('migrates version-0 records up', () => {
    const old: SerializedSchemaV2 = {
      ...current,
      sequences: {
        ...current.sequences,
        'com.tldraw.shape.idea': 0,
        'com.tldraw.shape.zone': 0,
        'com.tldraw.shape.cluster': 0,
      },
    }
    const oldIdea = idea()
    delete oldIdea.props.authorId
    delete oldIdea.props.authorName
    const oldZone = zone()
    delete oldZone.props.actionCode
    const oldCluster = cluster()
    delete oldCluster.props.title
    const up = (record: TLRecord) => {
      const result = boardSchema.migratePersistedRecord(record, old, 'up')
      if (result.type !== 'success') throw new Error(result.reason)
      return result.value as any
    }
    const i = up(oldIdea)
    expect(i.props).toMatchObject({ authorId: '', authorName: '' })
    expect(checkBoardRecord(i.id, i).ok).toBe(true)
    expect(up(oldZone).props.actionCode).toBe('')
    expect(up(oldCluster).props.title).toBe('')
    // And back down, for a client one version behind.
    const down = boardSchema.migratePersistedRecord(i, old, 'down')
    expect(down.type === 'success' && (down.value as any).props.authorId).toBe(undefined)
  })
})
