import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { StoredBoard } from './board-store.ts'
import { missingFromStored } from './relay-adoption.ts'
import { RelayedUpdates } from './relayed-updates.ts'

const bytes = (n: number) => new Uint8Array([n])
const values = (updates: Uint8Array[]) => updates.map((u) => u[0])

describe('relayed updates waiting for their confirmation', () => {
  it('releases what a sender confirms, up to the sequence number it names', () => {
    const relayed = new RelayedUpdates()
    relayed.add('a', 1, bytes(1), 0)
    relayed.add('a', 3, bytes(3), 0)
    relayed.add('b', 2, bytes(2), 0)
    relayed.confirm('a', 2)
    expect(relayed.size).toBe(2)
    relayed.confirm('b', 5)
    relayed.confirm('c', 9)
    expect(relayed.size).toBe(1)
    expect(values(relayed.takeAll())).toEqual([3])
    expect(relayed.size).toBe(0)
  })

  it('hands over only what waited long enough, and takes back what could not be checked', () => {
    const relayed = new RelayedUpdates()
    relayed.add('a', 1, bytes(1), 100)
    relayed.add('a', 2, bytes(2), 200)
    relayed.add('b', 1, bytes(5), 150)
    expect(values(relayed.takeReceivedBefore(160))).toEqual([1, 5])
    expect(relayed.size).toBe(1)
    relayed.putBack([bytes(1), bytes(5)])
    // A late confirmation no longer releases what was taken: it is checked against the log instead.
    relayed.confirm('a', 1)
    relayed.confirm('b', 1)
    expect(relayed.size).toBe(3)
    expect(values(relayed.takeReceivedBefore(160))).toEqual([1, 5])
  })
})

/** A board stored as a snapshot (garbage-collected, like compaction's) and log rows. */
function storedBoard(snapshotOf: Y.Doc | null, rows: Uint8Array[]): StoredBoard {
  return {
    snapshot: snapshotOf ? Y.encodeStateAsUpdate(snapshotOf) : null,
    snapshotUpdateId: 0,
    updates: rows.map((data, i) => ({ id: i + 1, data })),
  }
}

/** Records each update a doc emits. */
function recording(doc: Y.Doc): Uint8Array[] {
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  return updates
}

describe('which relayed updates the log lacks', () => {
  it('finds inserts and deletions the log lacks, and passes over those it holds', () => {
    const doc = new Y.Doc()
    const updates = recording(doc)
    const ideas = doc.getMap('ideas')
    ideas.set('one', 'first')
    ideas.set('two', 'second')
    ideas.delete('one')
    ideas.set('three', 'third')
    ideas.delete('two')
    const [insertOne, insertTwo, deleteOne, insertThree, deleteTwo] = updates as Uint8Array[]
    const stored = storedBoard(null, [insertOne!, insertTwo!, deleteOne!])
    expect(missingFromStored(stored, [insertTwo!, deleteOne!, insertThree!, deleteTwo!])).toEqual([
      insertThree,
      deleteTwo,
    ])
    expect(missingFromStored(storedBoard(null, updates), updates)).toEqual([])
  })

  it('sees through a compacted snapshot whose deleted content was collected', () => {
    const doc = new Y.Doc()
    const updates = recording(doc)
    doc.getMap('ideas').set('one', 'first')
    doc.getMap('ideas').delete('one')
    const compacted = new Y.Doc()
    Y.applyUpdate(compacted, Y.mergeUpdates(updates))
    expect(missingFromStored(storedBoard(compacted, []), updates)).toEqual([])
  })

  it('counts an update waiting for content the log lacks as missing, and everything after it', () => {
    const doc = new Y.Doc()
    const updates = recording(doc)
    const text = doc.getText('note')
    text.insert(0, 'abc')
    text.insert(3, 'def')
    text.insert(6, 'ghi')
    const [first, second, third] = updates as Uint8Array[]
    expect(missingFromStored(storedBoard(null, [first!, second!]), [third!, second!])).toEqual([third])
    // The log lacks the second: the third waits for it.
    expect(missingFromStored(storedBoard(null, [first!]), [third!, second!])).toEqual([third, second])
    // While something waits, even content the log holds counts as missing (storing more is harmless).
    expect(missingFromStored(storedBoard(null, [first!]), [third!, first!])).toEqual([third, first])
  })
})
