import type { TLRecord } from '@tldraw/tlschema'
import { describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { zoneShapeId } from '../../shared/board/create-board.ts'
import { records } from '../../shared/board/document.ts'
import { boardRecords } from '../../shared/board/record-index.ts'
import { applyClientUpdate } from './validation.ts'
import { createRoom } from './validation-room.ts'

// A review that crashes: checkBoardRecord throws for one record id, as a bug in the review would.
vi.mock('../../shared/board/schema.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../shared/board/schema.ts')>()
  return {
    ...original,
    checkBoardRecord: (key: string, value: unknown, before?: TLRecord) => {
      if (key === 'shape:crash') throw new Error('bug in the review')
      return original.checkBoardRecord(key, value, before)
    },
  }
})

describe('applyClientUpdate when the review itself fails', () => {
  it('takes the whole update out, restores what it deleted, and the sender carries on', () => {
    const room = createRoom()
    const f = room.join({ actorId: 'user-f', role: 'facilitator', displayName: 'Animatrice' })
    const b = room.join({ actorId: 'guest-b', role: 'participant', displayName: 'Bob' })
    const zoneId = zoneShapeId('P1', '')
    const zone = records(f.doc).get(zoneId)!
    const crash = { ...zone, id: 'shape:crash', isLocked: false } as TLRecord
    f.doc.transact(() => {
      records(f.doc).delete(zoneId)
      records(f.doc).set('shape:crash', crash)
      records(f.doc).set('shape:fine', { ...zone, id: 'shape:fine' } as TLRecord)
    })
    room.flush()
    expect(f.refusals.map((r) => r.code)).toEqual(['internal_error'])
    expect(boardRecords(room.server).get(zoneId)).toEqual(zone)
    expect(boardRecords(room.server).has('shape:crash')).toBe(false)
    expect(boardRecords(room.server).has('shape:fine')).toBe(false)
    expect(records(b.doc).get(zoneId)).toEqual(zone)
    expect(records(f.doc).get(zoneId)).toEqual(zone)
    expect(records(f.doc).has('shape:crash')).toBe(false)
    // The sender's next edit lands.
    records(f.doc).set('shape:after', { ...zone, id: 'shape:after' } as TLRecord)
    room.flush()
    expect(records(b.doc).has('shape:after')).toBe(true)
  })

  it('hands the error itself to the caller, stack included, for the logs', () => {
    const room = createRoom()
    const f = room.join({ actorId: 'user-f', role: 'facilitator', displayName: 'Animatrice' })
    const zone = records(f.doc).get(zoneShapeId('P1', ''))!
    const client = new Y.Doc()
    Y.applyUpdate(client, Y.encodeStateAsUpdate(room.server))
    records(client).set('shape:crash', { ...zone, id: 'shape:crash' } as TLRecord)
    const update = Y.encodeStateAsUpdate(client, Y.encodeStateVector(room.server))
    const errors: unknown[] = []
    const sender = { actorId: 'user-f', role: 'facilitator' as const, displayName: 'Animatrice' }
    const result = applyClientUpdate(room.server, update, sender, { onReviewError: (e) => errors.push(e) })
    expect(result.refusals.map((r) => r.code)).toEqual(['internal_error'])
    expect(errors).toHaveLength(1)
    expect((errors[0] as Error).message).toBe('bug in the review')
    expect((errors[0] as Error).stack).toContain('validation-fallback.test.ts')
  })
})
