import type * as Y from 'yjs'

/**
 * One `T` per Yjs document: the returned function builds it with `create` on first use and gives the
 * same one afterwards. For what follows a document's transactions (an index, a count, a YKeyValue),
 * which must not be built twice. Held in a WeakMap: it goes when the document goes.
 */
export function perDocument<T>(create: (doc: Y.Doc) => T): (doc: Y.Doc) => T {
  const built = new WeakMap<Y.Doc, T>()
  return (doc) => {
    let value = built.get(doc)
    if (value === undefined) {
      value = create(doc)
      built.set(doc, value)
    }
    return value
  }
}
