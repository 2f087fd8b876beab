import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { assertSaneUpdate, MalformedUpdateError } from './update-guard.ts'

/**
 * The structural check must never refuse an update Yjs itself produces (a false alarm would close a
 * legitimate client), and must refuse the crafted ones in linear time.
 */

/** A small deterministic random generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed
  return () => {
    s = (s * 1664525 + 1013904223) % 2 ** 32
    return s / 2 ** 32
  }
}

function edit(doc: Y.Doc, rand: () => number, step: number): void {
  const pick = Math.floor(rand() * 10)
  const text = doc.getText('text')
  const map = doc.getMap<unknown>('map')
  const array = doc.getArray<unknown>('array')
  const xml = doc.getXmlFragment('xml')
  switch (pick) {
    case 0:
      text.insert(
        Math.floor(rand() * (text.length + 1)),
        `héllo ${step} 🌍`,
        rand() < 0.5 ? { bold: true } : undefined,
      )
      break
    case 1:
      if (text.length > 2) text.delete(Math.floor(rand() * (text.length - 1)), 1 + Math.floor(rand() * 2))
      break
    case 2:
      text.insertEmbed(0, { image: `i${step}` })
      text.format(0, Math.min(3, text.length), { italic: step % 2 === 0 ? true : null })
      break
    case 3:
      map.set(`k${step % 7}`, {
        nested: { list: [1, 2.5, -3, null, true, 'x', [{ deep: step }]] },
        big: 2 ** 40 + step,
        bytes: new Uint8Array([1, 2, step % 256]),
        nothing: null,
      })
      break
    case 4:
      map.delete(`k${(step + 3) % 7}`)
      break
    case 5:
      array.insert(Math.floor(rand() * (array.length + 1)), [
        step,
        `s${step}`,
        { o: step },
        new Uint8Array([step % 256]),
      ])
      break
    case 6:
      if (array.length > 0) array.delete(Math.floor(rand() * array.length), 1)
      break
    case 7: {
      const element = new Y.XmlElement('p')
      element.setAttribute('class', `c${step}`)
      element.insert(0, [new Y.XmlText(`texte ${step}`)])
      xml.insert(xml.length, [element])
      break
    }
    case 8: {
      const inner = new Y.Map<unknown>()
      inner.set('a', step)
      const innerArray = new Y.Array<unknown>()
      innerArray.push([1, 2, 3])
      inner.set('arr', innerArray)
      map.set(`type${step % 3}`, inner)
      break
    }
    case 9:
      map.set(`doc${step % 2}`, new Y.Doc({ guid: `sub-${step}`, meta: { step } }))
      break
  }
}

describe('the structural check of updates', () => {
  it('accepts every update, state and diff that Yjs produces, across all content types', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rand = random(seed)
      const a = new Y.Doc()
      const b = new Y.Doc()
      const updates: Uint8Array[] = []
      a.on('update', (u: Uint8Array) => updates.push(u))
      for (let step = 0; step < 150; step++) {
        const doc = rand() < 0.5 ? a : b
        const before = Y.encodeStateVector(doc)
        edit(doc, rand, step)
        assertSaneUpdate(Y.encodeStateAsUpdate(doc, before))
        if (step % 10 === 0) {
          Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
          Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
        }
      }
      for (const update of updates) assertSaneUpdate(update)
      assertSaneUpdate(Y.encodeStateAsUpdate(a))
      assertSaneUpdate(Y.encodeStateAsUpdate(b))
      // Merged updates with holes carry Skip structs.
      assertSaneUpdate(Y.mergeUpdates(updates.filter((_, i) => i % 3 !== 1)))
      assertSaneUpdate(Y.mergeUpdates(updates))
      // Garbage-collected state (GC structs, deleted content).
      const gc = new Y.Doc({ gc: true })
      Y.applyUpdate(gc, Y.encodeStateAsUpdate(a))
      assertSaneUpdate(Y.encodeStateAsUpdate(gc))
      // The empty update and the empty diff.
      assertSaneUpdate(Y.encodeStateAsUpdate(new Y.Doc()))
      assertSaneUpdate(Y.encodeStateAsUpdate(a, Y.encodeStateVector(a)))
    }
  })

  it('refuses truncated and padded updates', () => {
    const doc = new Y.Doc()
    doc.getText('t').insert(0, 'bonjour')
    const update = Y.encodeStateAsUpdate(doc)
    for (let cut = 0; cut < update.length; cut++)
      expect(() => assertSaneUpdate(update.subarray(0, cut)), `cut at ${cut}`).toThrow(MalformedUpdateError)
    expect(() => assertSaneUpdate(Uint8Array.from([...update, 0]))).toThrow(MalformedUpdateError)
  })

  it('refuses a declared size that the message cannot hold, without walking it', () => {
    // One client with 2^52 structs, four bytes in total.
    expect(() =>
      assertSaneUpdate(Uint8Array.from([1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x08, 1, 0])),
    ).toThrow(MalformedUpdateError)
    // A million-element "any" array announced in a 10-byte update.
    expect(() =>
      assertSaneUpdate(Uint8Array.from([1, 1, 1, 0, 8 | 32, 1, 1, 109, 1, 107, 0xc0, 0x84, 0x3d])),
    ).toThrow(MalformedUpdateError)
  })
})
