import type { TLRecord, TLStore } from '@tldraw/tlschema'
import { createTLStore } from 'tldraw'
import { describe, expect, it } from 'vitest'
import { bindYjsStore } from '../../client/board/yjs-store.ts'
import { zoneShapeId } from '../../shared/board/create-board.ts'
import { boardRecords } from '../../shared/board/record-index.ts'
import { boardSchema } from '../../shared/board/schema.ts'
import type { ZoneShape } from '../../shared/board/shapes.ts'
import { createRoom } from './validation-room.ts'

/*
 * The real client binding (client/board/yjs-store.ts: a tldraw store bound to the board document)
 * against the server's validation: what a tldraw client writes is accepted, and when the server
 * refuses a change, the repair comes back into the tldraw store itself.
 */
function tldrawClient(room: ReturnType<typeof createRoom>, sender: Parameters<typeof room.join>[0]) {
  const client = room.join(sender)
  const store: TLStore = createTLStore({ schema: boardSchema })
  ;(store as unknown as { ensureStoreIsUsable(): void }).ensureStoreIsUsable()
  // Remote changes are applied at once rather than on the next animation frame (there is none in Node),
  // so the assertions below see each flush's result.
  const binding = bindYjsStore(store, client.doc, { schedule: (apply) => apply() })
  return { client, store, binding }
}

function idea(id: string, authorId: string, x = 100): TLRecord {
  return {
    id,
    typeName: 'shape',
    type: 'idea',
    x,
    y: 300,
    rotation: 0,
    index: 'b05',
    parentId: 'page:page',
    isLocked: false,
    opacity: 1,
    meta: {},
    props: { w: 200, h: 140, text: 'Une idée', color: 'yellow', authorId, authorName: 'Anne' },
  } as unknown as TLRecord
}

describe('validation with the tldraw client binding', () => {
  it('accepts what a participant’s tldraw store writes, and puts a refused zone change back in the store', () => {
    const room = createRoom()
    const anne = tldrawClient(room, { actorId: 'guest-anne', role: 'participant', displayName: 'Anne' })
    const bob = tldrawClient(room, { actorId: 'guest-bob', role: 'participant', displayName: 'Bob' })
    room.flush()
    // Binding a client to a board already at the server's schema writes nothing.
    expect(anne.client.refusals).toEqual([])
    expect(anne.binding.status).toEqual({ kind: 'synced' })

    anne.store.put([idea('shape:a1', 'guest-anne')])
    room.flush()
    expect(anne.client.refusals).toEqual([])
    expect(boardRecords(room.server).get('shape:a1')).toBeTruthy()
    expect(bob.store.get('shape:a1' as TLRecord['id'])).toBeTruthy()

    anne.store.update('shape:a1' as any, (r: any) => ({
      ...r,
      x: 700,
      props: { ...r.props, text: 'Modifiée' },
    }))
    room.flush()
    expect((bob.store.get('shape:a1' as any) as any).props.text).toBe('Modifiée')

    const zoneId = zoneShapeId('P1', '') as TLRecord['id']
    const zone = anne.store.get(zoneId) as ZoneShape
    anne.store.update(zoneId, (r: any) => ({ ...r, x: r.x + 500 }))
    room.flush()
    expect(anne.client.refusals.map((r) => r.code)).toEqual(['facilitators_only'])
    // The repair reached the sender's tldraw store; the other client never saw the move.
    expect(anne.store.get(zoneId)).toEqual(zone)
    expect(bob.store.get(zoneId)).toEqual(zone)

    anne.store.remove([zoneId])
    room.flush()
    expect(anne.store.get(zoneId)).toEqual(zone)

    // And the sender carries on.
    anne.store.put([idea('shape:a2', 'guest-anne', 900)])
    room.flush()
    expect(bob.store.get('shape:a2' as any)).toBeTruthy()
    anne.binding.dispose()
    bob.binding.dispose()
  })
})
