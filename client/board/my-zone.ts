import { atom, computed, type Signal } from '@tldraw/state'
import type { Editor, TLShape, TLShapeId } from 'tldraw'
import { zoneOfShape, zonesOf } from './camera.ts'

/**
 * "My zone", where the "back to my zone" control leads: the zone of the last idea I wrote, edited or
 * moved on this screen (remembered for the board in sessionStorage, so a reload keeps it); before I did
 * any of that, the zone holding most of my ideas (cards I authored). None for observers, who write
 * nothing, and none while I have no idea in any zone.
 */

function storageKey(boardId: string): string {
  return `kenlabour.myZone.${boardId}`
}

function readStored(boardId: string): TLShapeId | null {
  try {
    return (sessionStorage.getItem(storageKey(boardId)) as TLShapeId | null) ?? null
  } catch {
    return null
  }
}

function store(boardId: string, zoneId: TLShapeId): void {
  try {
    sessionStorage.setItem(storageKey(boardId), zoneId)
  } catch {
    // Not remembered across reloads; the zone still holds for this page.
  }
}

/** The zone id met most often in `zoneIds` (the zones of my ideas; ties: the first met), or null. */
export function mostCommonZone(zoneIds: readonly (string | null | undefined)[]): string | null {
  const counts = new Map<string, number>()
  let best: string | null = null
  let bestCount = 0
  for (const id of zoneIds) {
    if (!id) continue
    const count = (counts.get(id) ?? 0) + 1
    counts.set(id, count)
    if (count > bestCount) {
      best = id
      bestCount = count
    }
  }
  return best
}

/** Did this change of a card come from someone working on it: moving it or editing its text? */
function workedOn(before: TLShape, after: TLShape): boolean {
  return (
    before.x !== after.x ||
    before.y !== after.y ||
    before.parentId !== after.parentId ||
    (before.props as { text?: string }).text !== (after.props as { text?: string }).text
  )
}

export interface MyZone {
  /** The zone the "back to my zone" control leads to, or null. */
  zone: Signal<TLShape | null>
  dispose(): void
}

/** Follows what I do on `editor` to know my zone (see the module comment). */
export function trackMyZone(editor: Editor, boardId: string, actorId: string): MyZone {
  const lastWorked = atom<TLShapeId | null>('last worked zone', readStored(boardId))

  const remember = (shapeId: TLShapeId) => {
    // Read after the change is applied: a moved card's zone is where it landed.
    queueMicrotask(() => {
      const zone = zoneOfShape(editor, shapeId)
      if (!zone || zone.id === lastWorked.get()) return
      lastWorked.set(zone.id)
      store(boardId, zone.id)
    })
  }
  const stopListening = editor.store.listen(
    ({ changes }) => {
      for (const record of Object.values(changes.added))
        if (record.typeName === 'shape' && record.type === 'idea') remember(record.id)
      for (const [before, after] of Object.values(changes.updated))
        if (after.typeName === 'shape' && after.type === 'idea' && workedOn(before as TLShape, after))
          remember(after.id)
    },
    { source: 'user', scope: 'document' },
  )

  const zone = computed('my zone', (): TLShape | null => {
    const remembered = lastWorked.get()
    const zones = zonesOf(editor)
    const found = remembered ? zones.find((z) => z.id === remembered) : undefined
    if (found) return found
    if (!actorId) return null
    const mine = editor
      .getCurrentPageShapes()
      .filter((shape) => shape.type === 'idea' && (shape.props as { authorId: string }).authorId === actorId)
    const best = mostCommonZone(mine.map((idea) => zoneOfShape(editor, idea.id)?.id))
    return zones.find((z) => z.id === best) ?? null
  })

  return { zone, dispose: stopListening }
}
